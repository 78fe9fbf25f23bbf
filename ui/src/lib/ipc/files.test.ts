import { describe, expect, it, vi, beforeEach } from 'vitest';

// The dialog plugin and the path API are Tauri's; here they fail or answer as a test says, to
// check what `files` gives the components in each case.
const fake = vi.hoisted(() => ({
  openResult: null as unknown,
  openError: null as Error | null,
  opened: [] as Record<string, unknown>[],
}));

vi.mock('@tauri-apps/api/path', () => ({ homeDir: async () => '/home/someone' }));
vi.mock('@tauri-apps/plugin-dialog', () => ({
  open: async (options: Record<string, unknown>) => {
    fake.opened.push(options);
    if (fake.openError) throw fake.openError;
    return fake.openResult;
  },
  save: async () => {
    throw new Error('no display');
  },
}));
vi.mock('./bindings', () => ({ commands: {}, events: {} }));

const { files } = await import('./client');

beforeEach(() => {
  fake.openResult = null;
  fake.openError = null;
  fake.opened = [];
});

describe('files', () => {
  it('opens the folder dialog in the home folder when nothing was typed', async () => {
    fake.openResult = '/srv/site';
    expect(await files.chooseFolder('Folder to share')).toBe('/srv/site');
    expect(fake.opened[0]).toMatchObject({ directory: true, defaultPath: '/home/someone' });
  });

  it('starts from the typed folder', async () => {
    await files.chooseFolder('Folder to share', '/srv');
    expect(fake.opened[0]).toMatchObject({ defaultPath: '/srv' });
  });

  it('gives null when the user closes the dialog', async () => {
    expect(await files.chooseFile('Env file')).toBeNull();
  });

  it('names the dialog that could not open and why', async () => {
    fake.openError = new Error('GTK could not be initialised');
    await expect(files.chooseFolder('Folder to share')).rejects.toThrow(
      'The system dialog "Folder to share" could not open (GTK could not be initialised).',
    );
    await expect(files.chooseSavePath('Export web to', 'web.tar', 'Tar', ['tar'])).rejects.toThrow(
      'The system dialog "Export web to" could not open (no display).',
    );
  });
});
