import { describe, expect, it, vi } from 'vitest';
import { Latest } from './latest';

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

/** Lets every callback already queued run (they are all microtasks here). */
const settled = () => new Promise<void>((r) => setTimeout(r, 0));

describe('Latest', () => {
  it('drops an older answer that arrives after a newer one', async () => {
    const latest = new Latest();
    const answers: string[] = [];
    const errors: string[] = [];
    const old = deferred<string>();
    const fresh = deferred<string>();
    latest.ask(
      () => old.promise,
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    latest.ask(
      () => fresh.promise,
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    fresh.resolve('new');
    await settled();
    expect(answers).toEqual(['new']);
    old.resolve('old');
    await settled();
    expect(answers).toEqual(['new']);
    expect(errors).toEqual([]);
  });

  it('delivers the answer to the only question asked', async () => {
    const latest = new Latest();
    const answers: string[] = [];
    const only = deferred<string>();
    latest.ask(
      () => only.promise,
      (v) => answers.push(v),
      () => {},
    );
    await settled();
    expect(answers).toEqual([]);
    only.resolve('it');
    await settled();
    expect(answers).toEqual(['it']);
  });

  it('drops the error of an older question and reports the newest one', async () => {
    const latest = new Latest();
    const answers: string[] = [];
    const errors: string[] = [];
    const old = deferred<string>();
    const fresh = deferred<string>();
    latest.ask(
      () => old.promise,
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    latest.ask(
      () => fresh.promise,
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    fresh.reject(new Error('fresh failure'));
    await settled();
    old.reject(new Error('old failure'));
    await settled();
    expect(errors).toEqual(['fresh failure']);
    expect(answers).toEqual([]);
  });

  it('forget drops what is in flight', async () => {
    const latest = new Latest();
    const onAnswer = vi.fn();
    const onError = vi.fn();
    const pending = deferred<string>();
    latest.ask(() => pending.promise, onAnswer, onError);
    latest.forget();
    pending.resolve('x');
    await settled();
    expect(onAnswer).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });
});
