// The unsaved-change guard: it lets an action go on at once when nothing is unsaved, and else
// waits for Save / Discard / Cancel; a Save that is refused keeps the user where they are.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend, TugboatError } from '$lib/testing/fake-client';
import { DockerfileSession } from '$lib/stores/dockerfile.svelte';
import { UnsavedGuard } from './guard.svelte';
import { navigation } from '$lib/navigation.svelte';

const fs = backend.dockerfiles;

afterEach(() => {
  fs.files.clear();
  fs.saves = [];
});

async function dirtySession(): Promise<DockerfileSession> {
  fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
  const s = new DockerfileSession();
  await s.open('/ctx', 'Dockerfile');
  s.text = 'FROM busybox:1\nUSER 1\n';
  return s;
}

describe('UnsavedGuard', () => {
  it('lets the action go on without asking when nothing is unsaved', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    const s = new DockerfileSession();
    await s.open('/ctx', 'Dockerfile');
    const guard = new UnsavedGuard(s);
    expect(await guard.confirm('open another folder')).toBe(true);
    expect(guard.asking).toBeNull();
  });

  it('asks, and Cancel stops the action with the edits kept', async () => {
    const s = await dirtySession();
    const guard = new UnsavedGuard(s);
    const going = guard.confirm('open another folder');
    expect(guard.asking).toEqual({ action: 'open another folder' });
    guard.answer('cancel');
    expect(await going).toBe(false);
    expect(guard.asking).toBeNull();
    expect(s.text).toBe('FROM busybox:1\nUSER 1\n');
    expect(fs.saves).toEqual([]);
  });

  it('Discard drops the edits and lets the action go on', async () => {
    const s = await dirtySession();
    s.ignore.text = '.git\n';
    const guard = new UnsavedGuard(s);
    const going = guard.confirm('leave Dockerfiles');
    guard.answer('discard');
    expect(await going).toBe(true);
    expect(s.dirty).toBe(false);
    expect(s.text).toBe('FROM busybox:1\n');
    expect(fs.saves).toEqual([]);
  });

  it('Save writes every unsaved file, then lets the action go on', async () => {
    const s = await dirtySession();
    s.ignore.text = '.git\n';
    const guard = new UnsavedGuard(s);
    const going = guard.confirm('close Tugboat');
    guard.answer('save');
    expect(await going).toBe(true);
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM busybox:1\nUSER 1\n');
    expect(fs.files.get('/ctx/.dockerignore')).toBe('.git\n');
    expect(s.dirty).toBe(false);
  });

  it('a Save refused by a change on disk, or failing, stops the action', async () => {
    const s = await dirtySession();
    const guard = new UnsavedGuard(s);
    fs.put('/ctx/Dockerfile', 'FROM theirs:1\n');
    let going = guard.confirm('leave Dockerfiles');
    guard.answer('save');
    expect(await going).toBe(false);
    expect(s.dockerfile.conflict).toMatch(/changed on disk/);
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM theirs:1\n');

    await s.dockerfile.load();
    s.text = 'FROM mine:2\n';
    fs.failNextSave = new TugboatError({ code: 'failed', message: 'file: disk full' });
    going = guard.confirm('leave Dockerfiles');
    guard.answer('save');
    expect(await going).toBe(false);
    expect(guard.error).toBe('file: disk full');
    expect(s.dirty).toBe(true);
  });
});

describe('navigation through a guard', () => {
  it('stays while the guard asks and goes once it says so', () => {
    navigation.open('dockerfiles');
    let go: (() => void) | null = null;
    const remove = navigation.guardLeaving((g) => {
      go = g;
      return true;
    });
    navigation.open('images');
    expect(navigation.section).toBe('dockerfiles');
    (go as (() => void) | null)?.();
    expect(navigation.section).toBe('images');
    remove();
    navigation.open('home');
    expect(navigation.section).toBe('home');
  });

  it('a guard that lets go does not hold the app', () => {
    navigation.open('dockerfiles');
    const remove = navigation.guardLeaving(() => false);
    navigation.runImage('busybox:1');
    expect(navigation.section).toBe('containers');
    expect(navigation.takeRunImage()).toBe('busybox:1');
    remove();
  });
});
