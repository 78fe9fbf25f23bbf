// The bounded book and its filtered view: traces grouped, the cap held with the drops counted,
// older pages put in front, and the filtered list kept right by incremental syncs (checked
// against a filter run from scratch).
import { describe, expect, it } from 'vitest';
import type { LogLine } from '$lib/ipc/client';
import { makeMatcher } from '$lib/components/logs/structure';
import { FilteredLog, LogBook, NO_FILTER, entryLevel, entryText } from './logbook';

function line(text: string, over: Partial<LogLine> = {}): LogLine {
  return { source: 0, stream: 'stdout', timestamp: '', text, cut: 0, ...over };
}
const numbered = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => line(`line-${from + i}`));

describe('LogBook', () => {
  it('groups a stack trace under its first line, per source', () => {
    const book = new LogBook(100);
    book.append([
      line('ERROR boom'),
      line('    at a (x.js:1)'),
      line('    at b (x.js:2)'),
      line('other source', { source: 1 }),
      line('    at c (y.js:3)', { source: 0 }),
      line('next'),
    ]);
    expect(book.entries.map((e) => e.lines.length)).toEqual([3, 1, 1, 1]);
    expect(entryText(book.entries[0])).toBe('ERROR boom\n    at a (x.js:1)\n    at b (x.js:2)');
    expect(entryLevel(book.entries[0])).toBe('error');
    expect(book.lines).toBe(6);
  });

  it('holds at most cap lines, dropping and counting the oldest', () => {
    const book = new LogBook(100);
    book.append(numbered(1, 80));
    book.append(numbered(81, 250));
    expect(book.lines).toBe(100);
    expect(book.dropped).toBe(150);
    expect(book.received).toBe(250);
    expect(entryText(book.entries[0])).toBe('line-151');
    expect(entryText(book.entries[99])).toBe('line-250');
  });

  it('puts an older page first, taking only what the cap leaves room for', () => {
    const book = new LogBook(10);
    book.append(numbered(8, 14));
    expect(book.prepend(numbered(1, 7))).toBe(3);
    expect(book.entries.map((e) => entryText(e))).toEqual(numbered(5, 14).map((l) => l.text));
    const seqs = book.entries.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(book.prepend(numbered(1, 4))).toBe(0);
  });
});

describe('FilteredLog', () => {
  const fresh = (book: LogBook, filter: FilteredLog['filter']) => {
    const f = new FilteredLog(book);
    f.setFilter(filter);
    return f;
  };

  it('stays equal to a fresh filter across appends, a growing trace and drops', () => {
    const book = new LogBook(50);
    const filter = { ...NO_FILTER, matcher: makeMatcher('match', false).matcher };
    const view = new FilteredLog(book);
    view.setFilter(filter);
    for (let round = 0; round < 30; round++) {
      book.append([
        line(round % 3 ? `plain ${round}` : `match ${round}`),
        line(`  at frame ${round}`),
      ]);
      if (round % 4 === 0) book.append([line(`  at match-late ${round}`)]);
      view.sync();
      const again = fresh(book, filter);
      expect(view.shown.map((e) => e.seq)).toEqual(again.shown.map((e) => e.seq));
      expect(view.hits.map((e) => e.seq)).toEqual(again.hits.map((e) => e.seq));
    }
    expect(book.dropped).toBeGreaterThan(0);
  });

  it('shows only matching entries when asked, and only one level or worse', () => {
    const book = new LogBook(100);
    book.append([
      line('INFO ready'),
      line('ERROR failed to bind'),
      line('{"level":"warn","msg":"slow"}'),
      line('no level here'),
    ]);
    const only = fresh(book, {
      ...NO_FILTER,
      matcher: makeMatcher('bind|ready', true).matcher,
      onlyMatching: true,
    });
    expect(only.shown.map((e) => entryText(e))).toEqual(['INFO ready', 'ERROR failed to bind']);
    const warn = fresh(book, { ...NO_FILTER, minLevel: 'warn' });
    expect(warn.shown.map((e) => entryLevel(e))).toEqual(['error', 'warn']);
  });

  it('hides the sources unticked', () => {
    const book = new LogBook(100);
    book.append([line('a', { source: 0 }), line('b', { source: 1 }), line('c', { source: 0 })]);
    const f = fresh(book, { ...NO_FILTER, hiddenSources: new Set([0]) });
    expect(f.shown.map((e) => entryText(e))).toEqual(['b']);
  });

  it('says when the top of the list moved, and finds an entry by seq', () => {
    const book = new LogBook(5);
    const view = new FilteredLog(book);
    book.append(numbered(1, 5));
    expect(view.sync()).toBe(false);
    book.append(numbered(6, 7));
    expect(view.sync()).toBe(true);
    expect(view.shown[0].seq).toBe(2);
    expect(view.indexOf(4)).toBe(2);
    expect(view.indexOf(0)).toBe(-1);
  });
});
