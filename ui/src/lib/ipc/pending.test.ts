import { describe, expect, it, vi } from 'vitest';
import { PendingCalls } from './pending.svelte';

describe('PendingCalls', () => {
  it('says waiting only for calls unanswered past the threshold, until they answer', async () => {
    vi.useFakeTimers();
    try {
      const calls = new PendingCalls(400);
      let answerSlow!: (v: string) => void;
      const slow = calls.track(new Promise<string>((r) => (answerSlow = r)));
      const quick = calls.track(Promise.resolve('quick'));
      await expect(quick).resolves.toBe('quick');
      vi.advanceTimersByTime(399);
      expect(calls.waiting).toBe(false);
      vi.advanceTimersByTime(1);
      expect(calls.waiting).toBe(true);
      expect(calls.slow).toBe(1);
      answerSlow('late');
      await expect(slow).resolves.toBe('late');
      expect(calls.waiting).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failing slow call stops counting too', async () => {
    vi.useFakeTimers();
    try {
      const calls = new PendingCalls(400);
      let fail!: (e: Error) => void;
      const call = calls.track(new Promise<never>((_, r) => (fail = r)));
      vi.advanceTimersByTime(500);
      expect(calls.waiting).toBe(true);
      fail(new Error('engine gone'));
      await expect(call).rejects.toThrow('engine gone');
      expect(calls.waiting).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
