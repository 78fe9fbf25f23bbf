// The Dockerfile session: opening a folder's files, dirty tracking, saving with the revision
// read (and the conflict when the file changed on disk), line endings kept, and the analysers
// run once typing pauses, never overlapping.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import {
  ANALYSIS_DELAY_MS,
  DockerfileSession,
  applyTextEdits,
  dockerfileNames,
  joinPath,
  type Analyser,
} from './dockerfile.svelte';

const fs = backend.dockerfiles;

afterEach(() => {
  vi.useRealTimers();
  fs.files.clear();
  fs.saves = [];
});

describe('DockerfileSession', () => {
  it('opens the Dockerfile and the .dockerignore of a folder, clean', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    fs.put('/ctx/.dockerignore', 'node_modules\n');
    const s = new DockerfileSession();
    await s.open('/ctx', 'Dockerfile');
    expect(s.folder).toBe('/ctx');
    expect(s.dockerfilePath).toBe('/ctx/Dockerfile');
    expect(s.text).toBe('FROM busybox:1\n');
    expect(s.ignore.text).toBe('node_modules\n');
    expect(s.dirty).toBe(false);
    s.text = 'FROM busybox:1\nUSER 1000\n';
    expect(s.dockerfile.dirty).toBe(true);
    expect(s.dirty).toBe(true);
  });

  it('saves with the revision it read and is clean after', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    const s = new DockerfileSession();
    await s.open('/ctx', 'Dockerfile');
    const read = fs.revision('/ctx/Dockerfile');
    expect(s.dockerfile.revision).toBe(read);
    s.text = 'FROM busybox:1\nUSER 1000\n';
    expect(await s.dockerfile.save()).toBe(true);
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM busybox:1\nUSER 1000\n');
    expect(fs.saves[0]?.expected).toBe(read);
    expect(s.dockerfile.revision).toBe(fs.revision('/ctx/Dockerfile'));
    expect(s.dirty).toBe(false);
  });

  it('refuses to save over a file changed on disk, then reloads or overwrites on request', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    const s = new DockerfileSession();
    await s.open('/ctx', 'Dockerfile');
    s.text = 'FROM mine:1\n';
    fs.put('/ctx/Dockerfile', 'FROM theirs:1\n');

    expect(await s.dockerfile.save()).toBe(false);
    expect(s.dockerfile.conflict).toMatch(/changed on disk/);
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM theirs:1\n');
    expect(s.text).toBe('FROM mine:1\n');

    expect(await s.dockerfile.overwrite()).toBe(true);
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM mine:1\n');
    expect(s.dockerfile.conflict).toBeNull();

    fs.put('/ctx/Dockerfile', 'FROM again:1\n');
    await s.dockerfile.load();
    expect(s.text).toBe('FROM again:1\n');
    expect(s.dirty).toBe(false);
  });

  it('opens a missing file empty and creates it with the first save', async () => {
    const s = new DockerfileSession();
    await s.open('/new', 'Dockerfile');
    expect(s.dockerfile.exists).toBe(false);
    expect(s.ignore.exists).toBe(false);
    s.ignore.text = '.git\n';
    await s.ignore.save();
    expect(fs.saves.at(-1)).toEqual({ path: '/new/.dockerignore', text: '.git\n', expected: null });
    expect(s.ignore.exists).toBe(true);
  });

  it('edits \\n text and saves the \\r\\n line breaks the file had', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\r\nRUN true\r\n');
    const s = new DockerfileSession();
    await s.open('/ctx', 'Dockerfile');
    expect(s.text).toBe('FROM busybox:1\nRUN true\n');
    s.text = 'FROM busybox:1\nRUN false\n';
    await s.dockerfile.save();
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM busybox:1\r\nRUN false\r\n');
  });

  it('runs the analysers once typing pauses, on the latest text', async () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const analyser: Analyser = { id: 'count', run: (s) => void seen.push(s.text) };
    const s = new DockerfileSession([analyser]);
    s.text = 'F';
    s.text = 'FR';
    await vi.advanceTimersByTimeAsync(ANALYSIS_DELAY_MS - 10);
    s.text = 'FROM';
    await vi.advanceTimersByTimeAsync(ANALYSIS_DELAY_MS - 10);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(seen).toEqual(['FROM']);
  });

  it('never overlaps runs: an edit during a run starts one more after it', async () => {
    let release: () => void = () => {};
    const seen: string[] = [];
    const slow: Analyser = {
      id: 'slow',
      run: async (s) => {
        seen.push(s.text);
        if (seen.length === 1) await new Promise<void>((r) => (release = r));
      },
    };
    const s = new DockerfileSession([slow]);
    s.dockerfile.text = 'one';
    const first = s.analyse();
    s.dockerfile.text = 'two';
    await s.analyse(); // returns at once: a run is going
    expect(seen).toEqual(['one']);
    release();
    await first;
    expect(seen).toEqual(['one', 'two']);
  });

  it('keeps an analyser failure apart and clears it once it works', async () => {
    let fail = true;
    const flaky: Analyser = {
      id: 'lint',
      run: () => {
        if (fail) throw new Error('linter down');
      },
    };
    const ok: Analyser = { id: 'parse', run: (s) => void (s.parsed = { errors: [] }) };
    const s = new DockerfileSession([flaky, ok]);
    await s.analyse();
    expect(s.analysisErrors).toEqual({ lint: 'linter down' });
    expect(s.parsed).toEqual({ errors: [] });
    fail = false;
    await s.analyse();
    expect(s.analysisErrors).toEqual({});
  });

  it('applies edits to the text without an editor', () => {
    const s = new DockerfileSession();
    s.dockerfile.text = 'FROM busybox\nCMD run\n';
    s.applyEdits([
      { start: 12, end: 12, insert: ':1' },
      { start: 17, end: 20, insert: '["run"]' },
    ]);
    expect(s.text).toBe('FROM busybox:1\nCMD ["run"]\n');
  });
});

describe('helpers', () => {
  it('picks Dockerfile-looking names, Dockerfile first', () => {
    expect(
      dockerfileNames([
        'app.py',
        'web.dockerfile',
        'Dockerfile.dev',
        'Dockerfile',
        '.dockerignore',
      ]),
    ).toEqual(['Dockerfile', 'Dockerfile.dev', 'web.dockerfile']);
  });
  it('joins paths with the folder’s separator', () => {
    expect(joinPath('/a/b', 'Dockerfile')).toBe('/a/b/Dockerfile');
    expect(joinPath('/a/b/', 'Dockerfile')).toBe('/a/b/Dockerfile');
    expect(joinPath('C:\\ctx', 'Dockerfile')).toBe('C:\\ctx\\Dockerfile');
  });
  it('applies edits from the end so earlier offsets stay right', () => {
    expect(
      applyTextEdits('abcdef', [
        { start: 0, end: 1, insert: 'X' },
        { start: 5, end: 6, insert: 'Y' },
      ]),
    ).toBe('XbcdeY');
  });
});
