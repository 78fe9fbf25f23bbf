// The log a view holds, apart from painting it: a bounded book of entries (a line plus any
// stack-trace lines that continue it) that batches are appended to as fast as they arrive, and
// the filtered list of what the view shows, brought up to date incrementally (only the entries
// added since the last paint are looked at, unless the filter changed). Plain data, no runes:
// the store paints from it at most once a frame, and the tests drive it directly.
import type { LogLine, LogStream } from '$lib/ipc/client';
import { shownText } from '$lib/components/logs/ansi';
import {
  continues,
  jsonObject,
  jsonLevel,
  severity,
  textLevel,
  type Level,
  type Matcher,
} from '$lib/components/logs/structure';

/** One entry: its first line and the lines that continue it (a stack trace), in order. */
export interface Entry {
  /** Increasing along the log (older pages loaded later get smaller, negative numbers). */
  seq: number;
  source: number;
  stream: LogStream;
  timestamp: string;
  lines: LogLine[];
  /** Memo of `entryText`; cleared when the entry grows. */
  text?: string;
  /** Memo of the first line's level (undefined: not read yet). */
  level?: Level | null;
}

/** The longest an entry grows: a longer trace goes on as a new entry, so no row is huge. */
const MAX_ENTRY_LINES = 200;

/** What an entry shows as, its lines joined (escapes made visible): what search reads. */
export function entryText(e: Entry): string {
  if (e.text === undefined) {
    e.text =
      e.lines.length === 1
        ? shownText(e.lines[0].text)
        : e.lines.map((l) => shownText(l.text)).join('\n');
  }
  return e.text;
}

/** The level its first line states (a JSON field or a text form). */
export function entryLevel(e: Entry): Level | null {
  if (e.level === undefined) {
    const head = e.lines[0].text;
    const obj = head.startsWith('{') ? jsonObject(head) : null;
    e.level = obj ? jsonLevel(obj) : textLevel(head);
  }
  return e.level;
}

/** A bounded log: at most `cap` lines; the oldest entries go first, and are counted. */
export class LogBook {
  entries: Entry[] = [];
  /** Lines held now. */
  lines = 0;
  /** Lines dropped from the old end to stay within the cap. */
  dropped = 0;
  /** Lines received in all (older pages not counted). */
  received = 0;
  #next = 0;
  #first = 0;

  constructor(readonly cap: number) {}

  /** The seq of the oldest entry held (entries below it are gone). */
  get firstSeq(): number {
    return this.entries.length ? this.entries[0].seq : this.#next;
  }

  /** Appends a batch; a line continuing the last entry of its source joins it. */
  append(batch: LogLine[]): void {
    for (const line of batch) {
      const last = this.entries[this.entries.length - 1];
      if (
        last &&
        last.source === line.source &&
        last.lines.length < MAX_ENTRY_LINES &&
        continues(line.text, last.lines[0].text)
      ) {
        last.lines.push(line);
        last.text = undefined;
      } else {
        this.entries.push({
          seq: this.#next++,
          source: line.source,
          stream: line.stream,
          timestamp: line.timestamp,
          lines: [line],
        });
      }
    }
    this.lines += batch.length;
    this.received += batch.length;
    this.#trim();
  }

  /** Puts an older page before the oldest entry. Only as many of its newest lines as the cap
   *  leaves room for are taken; returns how many. */
  prepend(page: LogLine[]): number {
    const room = Math.max(0, this.cap - this.lines);
    const taken = page.slice(Math.max(0, page.length - room));
    const older: Entry[] = [];
    for (const line of taken) {
      const last = older[older.length - 1];
      if (last && last.source === line.source && continues(line.text, last.lines[0].text)) {
        last.lines.push(line);
      } else {
        older.push({
          seq: 0,
          source: line.source,
          stream: line.stream,
          timestamp: line.timestamp,
          lines: [line],
        });
      }
    }
    for (let i = older.length - 1; i >= 0; i--) older[i].seq = --this.#first;
    this.entries = [...older, ...this.entries];
    this.lines += taken.length;
    return taken.length;
  }

  /** The timestamp of the oldest line held ('' when none has one). */
  get oldestTimestamp(): string {
    return this.entries[0]?.lines[0].timestamp ?? '';
  }

  #trim(): void {
    if (this.lines <= this.cap) return;
    let cut = 0;
    let lines = 0;
    while (cut < this.entries.length - 1 && this.lines - lines > this.cap) {
      lines += this.entries[cut].lines.length;
      cut++;
    }
    this.entries.splice(0, cut);
    this.lines -= lines;
    this.dropped += lines;
  }

  /** The index of the first entry whose seq is at least `seq`. */
  indexFrom(seq: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** What the view shows of the book. */
export interface LogFilter {
  /** The search; null when the box is empty (or its regex is broken). */
  matcher: Matcher | null;
  /** Show only the entries the search finds. */
  onlyMatching: boolean;
  /** Show only entries at this level or worse; entries stating no level are hidden then. */
  minLevel: Level | null;
  /** Sources (merged logs) whose lines are hidden. */
  hiddenSources: ReadonlySet<number>;
}

export const NO_FILTER: LogFilter = {
  matcher: null,
  onlyMatching: false,
  minLevel: null,
  hiddenSources: new Set(),
};

/** The entries a filter shows, and which of them the search finds, kept up to date with the
 *  book by looking only at what changed. */
export class FilteredLog {
  shown: Entry[] = [];
  /** The shown entries the search finds, in order. */
  hits: Entry[] = [];
  #filter: LogFilter = NO_FILTER;
  /** The seq of the last entry looked at (it may have grown since). */
  #upTo: number | null = null;

  constructor(readonly book: LogBook) {}

  get filter(): LogFilter {
    return this.#filter;
  }

  #passes(e: Entry, f: LogFilter): { show: boolean; hit: boolean } {
    if (f.hiddenSources.has(e.source)) return { show: false, hit: false };
    if (f.minLevel) {
      const l = entryLevel(e);
      if (!l || severity(l) > severity(f.minLevel)) return { show: false, hit: false };
    }
    const hit = f.matcher ? f.matcher.test(entryText(e)) : false;
    return { show: !f.onlyMatching || !f.matcher || hit, hit };
  }

  /** A new filter: everything is looked at again. */
  setFilter(f: LogFilter): void {
    this.#filter = f;
    this.shown = [];
    this.hits = [];
    this.#upTo = null;
    this.sync();
  }

  /** Brings the list up to the book: drops what the book dropped, looks again at the last
   *  entry looked at (a trace may have grown) and at every entry after it. Returns whether the
   *  start of the list moved (rows went away or came in at the top). */
  sync(): boolean {
    const book = this.book;
    const first = book.firstSeq;
    let frontMoved = false;
    if (this.#upTo !== null && this.shown.length && this.shown[0].seq < first) {
      this.shown = this.shown.filter((e) => e.seq >= first);
      this.hits = this.hits.filter((e) => e.seq >= first);
      frontMoved = true;
    }
    let from = 0;
    if (this.#upTo !== null) {
      from = book.indexFrom(this.#upTo);
      const again = book.entries[from];
      if (again && again.seq === this.#upTo) {
        if (this.shown[this.shown.length - 1] === again) this.shown.pop();
        if (this.hits[this.hits.length - 1] === again) this.hits.pop();
      }
    }
    const f = this.#filter;
    for (let i = from; i < book.entries.length; i++) {
      const e = book.entries[i];
      const { show, hit } = this.#passes(e, f);
      if (show) this.shown.push(e);
      if (show && hit) this.hits.push(e);
    }
    const last = book.entries[book.entries.length - 1];
    this.#upTo = last ? last.seq : this.#upTo;
    return frontMoved;
  }

  /** Where entry `seq` is in the shown list, or -1. */
  indexOf(seq: number): number {
    let lo = 0;
    let hi = this.shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.shown[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return this.shown[lo]?.seq === seq ? lo : -1;
  }
}
