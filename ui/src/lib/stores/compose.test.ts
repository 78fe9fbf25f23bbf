// The compose session: opening a file finds `.env` and the override file beside it as
// `docker compose` does, the request carries the command line's options, the loader's answer
// lands on the session (its failure apart), and a whole new text goes in as one minimal edit.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import { makeComposeLoad } from '$lib/testing/fake-compose';
import { ComposeSession } from './compose.svelte';
import { composeAnalysers } from '$lib/components/compose/composeAnalysers';
import { applyTextEdits, folderOf, baseName, minimalEdit } from './textDocument.svelte';
import { TugboatError } from '$lib/ipc/core';

const fs = backend.dockerfiles;
const fake = backend.compose;

afterEach(() => {
  fs.files.clear();
  fs.saves = [];
  fake.loads = [];
  fake.answer = makeComposeLoad();
  fake.error = null;
});

const text = 'services:\n  web:\n    image: nginx\n';

describe('ComposeSession', () => {
  it('opens the file with the .env and the first override file compose would merge', async () => {
    fs.put('/app/compose.yaml', text);
    fs.put('/app/.env', 'TAG=1\n');
    fs.put('/app/docker-compose.override.yml', 'services: {}\n');
    fs.put('/app/compose.override.yaml', 'services: {}\n');
    const s = new ComposeSession();
    await s.open('/app/compose.yaml');
    expect(s.text).toBe(text);
    expect(s.folder).toBe('/app');
    expect(s.envFile?.path).toBe('/app/.env');
    expect(s.envFile?.text).toBe('TAG=1\n');
    // compose.override.yml is first in compose's list, but missing; compose.override.yaml next.
    expect(s.overrides).toEqual(['/app/compose.override.yaml']);
    expect(s.dirty).toBe(false);
    expect(s.request()).toEqual({
      text,
      path: '/app/compose.yaml',
      projectDir: null,
      envFiles: [],
      overrides: ['/app/compose.override.yaml'],
      profiles: [],
      projectName: null,
    });
  });

  it('merges no override into a file of another name, and uses no env file when none is there', async () => {
    // (A folder of its own: the fake disk keeps the revisions of files other tests wrote.)
    fs.put('/other/prod.yaml', text);
    fs.put('/other/compose.override.yaml', 'services: {}\n');
    const s = new ComposeSession();
    await s.open('/other/prod.yaml');
    expect(s.overrides).toEqual([]);
    expect(s.envFile).toBeNull();
  });

  it('puts a chosen env file, profiles and project name in the request', async () => {
    fs.put('/app/compose.yaml', text);
    fs.put('/app/.env', 'TAG=1\n');
    fs.put('/app/prod.env', 'TAG=2\n');
    const s = new ComposeSession();
    await s.open('/app/compose.yaml');
    await s.useEnvFile('/app/prod.env');
    s.setProfiles([' debug ', '', 'tools']);
    s.setProjectName('  shop ');
    expect(s.request()).toMatchObject({
      envFiles: ['/app/prod.env'],
      profiles: ['debug', 'tools'],
      projectName: 'shop',
    });
    s.setProjectName('   ');
    expect(s.request().projectName).toBeNull();
    await s.useDefaultEnvFile();
    expect(s.envFile?.path).toBe('/app/.env');
    expect(s.request().envFiles).toEqual([]);
    s.dispose();
  });

  it('counts the env file among the unsaved files and discards both', async () => {
    fs.put('/app/compose.yaml', text);
    fs.put('/app/.env', 'TAG=1\n');
    const s = new ComposeSession();
    await s.open('/app/compose.yaml');
    s.envFile!.text = 'TAG=2\n';
    expect(s.dirty).toBe(true);
    expect(s.unsavedFiles).toEqual(['.env']);
    s.text = 'services: {}\n';
    expect(s.unsavedFiles).toEqual(['compose.yaml', '.env']);
    s.discard();
    expect(s.dirty).toBe(false);
    expect(s.text).toBe(text);
    s.dispose();
  });

  it('writes what the loader answers, and keeps a failing load apart', async () => {
    fs.put('/app/compose.yaml', text);
    const answer = makeComposeLoad({ config: 'name: app\n', files: ['/app/compose.yaml'] });
    fake.answer = answer;
    const s = new ComposeSession(composeAnalysers);
    await s.open('/app/compose.yaml');
    expect(fake.loads.at(-1)?.path).toBe('/app/compose.yaml');
    expect(s.loaded).toEqual(answer);
    expect(s.analysisErrors).toEqual({});

    fake.error = new TugboatError({ code: 'failed', message: 'loader down' });
    await s.analyse();
    expect(s.analysisErrors).toEqual({ load: 'loader down' });
    expect(s.loaded).toEqual(answer);
  });

  it('replaces the text as one edit of only the part that differs', () => {
    const s = new ComposeSession();
    s.startNew('/app/compose.yaml', text);
    const applied: unknown[] = [];
    s.attachEditor({
      goToLine: () => {},
      focus: () => {},
      applyEdits: (edits) => {
        applied.push(...edits);
        s.text = applyTextEdits(s.text, edits);
      },
    });
    s.replaceText('services:\n  web:\n    image: nginx:1.27\n');
    expect(applied).toEqual([{ start: 33, end: 33, insert: ':1.27' }]);
    expect(s.text).toBe('services:\n  web:\n    image: nginx:1.27\n');
    s.replaceText(s.text);
    expect(applied).toHaveLength(1);
    s.dispose();
  });
});

describe('text helpers', () => {
  it('finds the smallest edit between two texts', () => {
    expect(minimalEdit('abc', 'abc')).toBeNull();
    expect(minimalEdit('abc', 'abXc')).toEqual({ start: 2, end: 2, insert: 'X' });
    expect(minimalEdit('aaa', 'aa')).toEqual({ start: 2, end: 3, insert: '' });
    expect(minimalEdit('', 'new')).toEqual({ start: 0, end: 0, insert: 'new' });
    for (const [a, b] of [
      ['x: 1\ny: 2\n', 'x: 1\nz: 3\ny: 2\n'],
      ['aaaa', 'aXaa'],
      ['abcabc', 'abc'],
    ] as const) {
      const e = minimalEdit(a, b);
      expect(applyTextEdits(a, e ? [e] : [])).toBe(b);
    }
  });

  it('splits paths into folder and name', () => {
    expect(folderOf('/a/b/compose.yaml')).toBe('/a/b');
    expect(folderOf('/compose.yaml')).toBe('/');
    expect(baseName('/a/b/compose.yaml')).toBe('compose.yaml');
    expect(folderOf('C:\\app\\compose.yaml')).toBe('C:\\app');
  });
});
