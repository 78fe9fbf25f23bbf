// The toolbar's window fields: the tail as a whole number or all, times as durations, dates or
// unix seconds, and errors that name the field.
import { describe, expect, it } from 'vitest';
import { readWindow } from './reading';

const NOW = 1_700_000_000;

describe('readWindow', () => {
  it('reads a tail, or all when empty', () => {
    expect(readWindow('500', '', '', NOW)).toEqual({
      ok: true,
      tail: 500,
      since: null,
      until: null,
    });
    expect(readWindow(' ', '', '', NOW)).toMatchObject({ ok: true, tail: null });
  });

  it('turns a duration into unix seconds and passes dates and seconds on', () => {
    expect(readWindow('', '10m', '1699990000', NOW)).toEqual({
      ok: true,
      tail: null,
      since: String(NOW - 600),
      until: '1699990000',
    });
    expect(readWindow('', '2024-01-31T13:00:00Z', '2h', NOW)).toMatchObject({
      since: '2024-01-31T13:00:00Z',
      until: String(NOW - 7200),
    });
  });

  it('names the field that is wrong and says what would do', () => {
    const tail = readWindow('-3', '', '', NOW);
    expect(tail.ok).toBe(false);
    if (!tail.ok) expect(tail.error).toMatch(/^Last … lines: “-3” is not a whole number/);
    const since = readWindow('', 'yesterday', '', NOW);
    if (!since.ok) expect(since.error).toMatch(/^Since: “yesterday” is not a time\. Use/);
    else throw new Error('yesterday was taken as a time');
    const until = readWindow('', '', '2024-13-99', NOW);
    expect(until.ok).toBe(false);
  });
});
