import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { FieldError } from '$lib/ipc/client';
import { CommandForm } from './commandForm.svelte';

interface Answer {
  line: string;
  errors: FieldError[];
  warnings: FieldError[];
}

/** A promise the test settles by hand, so the order of answers is chosen, not timed. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every callback already queued run. */
const settled = () => new Promise<void>((r) => setTimeout(r, 0));

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
  vi.useRealTimers();
});

/** A form with one text field whose previews the test answers by hand. */
function make(restMs = 0) {
  const input = $state({ name: '' });
  const asked: { input: string; answer: ReturnType<typeof deferred<Answer>> }[] = [];
  let form!: CommandForm<{ name: string }, Answer>;
  cleanup = $effect.root(() => {
    form = new CommandForm({
      read: () => $state.snapshot(input),
      preview: (i) => {
        const answer = deferred<Answer>();
        asked.push({ input: i.name, answer });
        return answer.promise;
      },
      errors: (a) => a.errors,
      warnings: (a) => a.warnings,
      restMs,
    });
  });
  flushSync();
  return { input, asked, form };
}

const ok = (line: string): Answer => ({ line, errors: [], warnings: [] });

describe('CommandForm', () => {
  it('is pending from a change until the preview for it is in', async () => {
    const { input, asked, form } = make();
    expect(form.pending).toBe(true);
    await settled();
    expect(asked.map((a) => a.input)).toEqual(['']);
    asked[0].answer.resolve(ok('docker run'));
    await settled();
    expect(form.pending).toBe(false);
    expect(form.preview?.line).toBe('docker run');

    input.name = 'web';
    flushSync();
    expect(form.pending).toBe(true);
    await settled();
    asked[1].answer.resolve(ok('docker run --name web'));
    await settled();
    expect(form.pending).toBe(false);
    expect(form.preview?.line).toBe('docker run --name web');
  });

  it('keeps only the answer to the newest input', async () => {
    const { input, asked, form } = make();
    await settled();
    input.name = 'a';
    flushSync();
    await settled();
    expect(asked).toHaveLength(2);
    asked[1].answer.resolve(ok('new'));
    await settled();
    asked[0].answer.resolve(ok('old'));
    await settled();
    expect(form.preview?.line).toBe('new');
    expect(form.pending).toBe(false);
  });

  it('asks once for a burst of changes that come faster than the rest time', async () => {
    vi.useFakeTimers();
    const { input, asked } = make(120);
    for (const name of ['w', 'we', 'web']) {
      input.name = name;
      flushSync();
      vi.advanceTimersByTime(50);
    }
    expect(asked).toHaveLength(0);
    vi.advanceTimersByTime(120);
    await vi.runAllTimersAsync();
    expect(asked.map((a) => a.input)).toEqual(['web']);
  });

  it('finds errors and warnings by field', async () => {
    const { asked, form } = make();
    await settled();
    asked[0].answer.resolve({
      line: '',
      errors: [
        { field: 'memory', message: 'give a size' },
        { field: 'memory', message: 'at least 6m' },
      ],
      warnings: [{ field: 'ports[0].hostPort', message: 'in use' }],
    });
    await settled();
    expect(form.errFor('memory')?.message).toBe('give a size');
    expect(form.messagesFor('memory')).toBe('give a size at least 6m');
    expect(form.errFor('cpus')).toBeUndefined();
    expect(form.warnFor('ports[0].hostPort')?.message).toBe('in use');
    expect(form.errors).toHaveLength(2);
  });

  it('says why the preview failed, and drops the stale preview', async () => {
    const { input, asked, form } = make();
    await settled();
    asked[0].answer.resolve(ok('docker run'));
    await settled();
    input.name = 'x';
    flushSync();
    await settled();
    asked[1].answer.reject(new Error('the engine is not answering'));
    await settled();
    expect(form.preview).toBeNull();
    expect(form.previewError).toBe('the engine is not answering');
    expect(form.pending).toBe(false);
  });

  it('submits once at a time and keeps the failure to show', async () => {
    const { form } = make();
    const first = deferred<string>();
    const running = form.submit(() => first.promise);
    expect(form.busy).toBe(true);
    const second = vi.fn(async () => 'twice');
    expect(await form.submit(second)).toBeUndefined();
    expect(second).not.toHaveBeenCalled();
    first.reject(new Error('name in use'));
    expect(await running).toBeUndefined();
    expect(form.busy).toBe(false);
    expect(form.submitError).toBe('name in use');

    expect(await form.submit(async () => 'done')).toBe('done');
    expect(form.submitError).toBeNull();
  });
});
