import { describe, expect, it } from 'vitest';
import { Latest } from './latest';

function later<T>(ms: number, value: T, fail = false): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms),
  );
}

describe('Latest', () => {
  it('drops an older answer that arrives after a newer one', async () => {
    const latest = new Latest();
    const slow = latest.run(() => later(30, 'old'));
    const fast = latest.run(() => later(5, 'new'));
    expect(await fast).toEqual({ value: 'new' });
    expect(await slow).toBeNull();
  });

  it('drops the error of an older question and reports the newest one', async () => {
    const latest = new Latest();
    const old = latest.run(() => later(20, 'old failure', true));
    const now = latest.run(() => later(5, 'fresh failure', true));
    await expect(now).rejects.toThrow('fresh failure');
    expect(await old).toBeNull();
  });

  it('forget drops what is in flight', async () => {
    const latest = new Latest();
    const pending = latest.run(() => later(5, 'x'));
    latest.forget();
    expect(await pending).toBeNull();
  });
});
