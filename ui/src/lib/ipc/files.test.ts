import { describe, expect, it, vi, beforeEach } from 'vitest';

// The dialogs are opened by the app's Rust side; here its commands answer as a test says, to
// check what `files` asks for and gives the components in each case.
const fake = vi.hoisted(() => ({
  calls: [] as unknown[][],
  answer: { status: 'ok', data: null } as { status: string; data?: unknown; error?: unknown },
}));

vi.mock('./bindings', () => ({
  commands: {
    containerChooseFolder: async (...args: unknown[]) => {
      fake.calls.push(['folder', ...args]);
      return fake.answer;
    },
    containerExportChoose: async (...args: unknown[]) => {
      fake.calls.push(['export', ...args]);
      return fake.answer;
    },
  },
  events: {},
}));

const { files, TugboatError } = await import('./client');

beforeEach(() => {
  fake.calls = [];
  fake.answer = { status: 'ok', data: null };
});

describe('files', () => {
  it('asks for the folder dialog in the home folder when nothing was typed', async () => {
    fake.answer = { status: 'ok', data: '/srv/site' };
    expect(await files.chooseFolder('Folder to share')).toBe('/srv/site');
    expect(fake.calls).toEqual([['folder', 'Folder to share', '']]);
  });

  it('starts from the typed folder', async () => {
    await files.chooseFolder('Folder to share', '/srv');
    expect(fake.calls).toEqual([['folder', 'Folder to share', '/srv']]);
  });

  it('confirms a typed export path in the save dialog', async () => {
    fake.answer = { status: 'ok', data: '/home/someone/web.tar' };
    expect(await files.chooseExportPath('web', '/home/someone/web.tar')).toBe(
      '/home/someone/web.tar',
    );
    expect(fake.calls).toEqual([['export', 'web', '/home/someone/web.tar']]);
  });

  it('gives null when the user closes the dialog', async () => {
    expect(await files.chooseExportPath('web', '')).toBeNull();
  });

  it('passes on why a dialog could not open', async () => {
    fake.answer = {
      status: 'error',
      error: { code: 'failed', message: 'the system dialog "x" closed without an answer' },
    };
    await expect(files.chooseFolder('x')).rejects.toBeInstanceOf(TugboatError);
  });
});
