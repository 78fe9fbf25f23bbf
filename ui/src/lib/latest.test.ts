import { describe, expect, it, vi } from 'vitest';
import { Latest } from './latest';

function later<T>(ms: number, value: T, fail = false): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms),
  );
}

describe('Latest', () => {
  it('drops an older answer that arrives after a newer one', async () => {
    const latest = new Latest();
    const answers: string[] = [];
    const errors: string[] = [];
    latest.ask(
      () => later(30, 'old'),
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    latest.ask(
      () => later(5, 'new'),
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    await later(50, null);
    expect(answers).toEqual(['new']);
    expect(errors).toEqual([]);
  });

  it('drops the error of an older question and reports the newest one', async () => {
    const latest = new Latest();
    const answers: string[] = [];
    const errors: string[] = [];
    latest.ask(
      () => later(20, 'old failure', true),
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    latest.ask(
      () => later(5, 'fresh failure', true),
      (v) => answers.push(v),
      (m) => errors.push(m),
    );
    await later(40, null);
    expect(errors).toEqual(['fresh failure']);
    expect(answers).toEqual([]);
  });

  it('forget drops what is in flight', async () => {
    const latest = new Latest();
    const onAnswer = vi.fn();
    const onError = vi.fn();
    latest.ask(() => later(5, 'x'), onAnswer, onError);
    latest.forget();
    await later(20, null);
    expect(onAnswer).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });
});
