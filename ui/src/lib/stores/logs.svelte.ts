// One logs view's state: the stream it follows, the bounded book its batches go into, and what
// is painted. Ingest and paint are apart: a batch is appended to the book the moment it arrives
// (cheap), and the painted rows are brought up to date at most once per animation frame, only
// from what changed. Paused, the book keeps filling and the view says how much came in; when
// the backend or the book had to drop lines, the counts say so.
import type { StreamHandle } from '$lib/ipc/core';
import type { LogLine, LogsMessage, LogsRequest } from '$lib/ipc/client';
import { TugboatError } from '$lib/ipc/core';
import { SvelteSet } from 'svelte/reactivity';
import { errorMessage } from '$lib/format';
import { makeMatcher, type Level, type Matcher } from '$lib/components/logs/structure';
import { FilteredLog, LogBook, entryText, type Entry } from './logbook';

/** The calls a logs view makes (the `logs` IPC area, or a test's fake). */
export interface LogsFeed {
  follow(request: LogsRequest, on: (m: LogsMessage) => void): Promise<StreamHandle>;
  page(id: string, before: string, count: number): Promise<LogLine[]>;
  command(request: LogsRequest): Promise<string>;
}

/** Lines a view holds at most; older ones are dropped (and counted). */
export const LOG_CAP = 100_000;
/** Lines one "Load older" asks for. */
export const PAGE = 500;

export type LogsPhase = 'starting' | 'live' | 'ended' | 'failed' | 'unreadable';

export interface LogsOptions {
  cap?: number;
  /** Runs `paint` before the next frame (requestAnimationFrame; tests pass their own). */
  frame?: (paint: () => void) => void;
  /** What the view says when a followed stream ends (the source stopped): a container's by
   *  default; another source (a service's tasks) says its own. */
  endedWhileFollowing?: string;
}

export class LogsStore {
  /** The entries painted, oldest first (a new array each paint that changed them). */
  rows = $state.raw<Entry[]>([]);
  /** The painted rows the search finds. */
  hits = $state.raw<Entry[]>([]);
  /** The hit "next"/"previous" is on (its seq), or null. */
  current = $state<number | null>(null);
  /** The top of the list moved in the last paint (rows dropped or older ones loaded). */
  shifted = $state(false);
  paused = $state(false);
  /** Lines that arrived since the pause (not painted yet). */
  newWhilePaused = $state(0);
  /** Lines the book holds, has dropped, and the backend skipped because the view fell behind. */
  held = $state(0);
  dropped = $state(0);
  skipped = $state(0);
  phase = $state<LogsPhase>('starting');
  /** Why the stream failed or can't be read (the engine's words); how it ended. */
  problem = $state<string | null>(null);
  ended = $state<string | null>(null);
  /** The `docker logs …` line the view equals. */
  command = $state('');
  olderNote = $state<string | null>(null);
  loadingOlder = $state(false);

  request = $state<LogsRequest>({ ids: [], tail: 500, since: null, until: null, follow: true });
  query = $state('');
  regex = $state(false);
  onlyMatching = $state(false);
  minLevel = $state<Level | null>(null);
  /** Sources (merged logs) whose lines are hidden; change it, then `refilter`. */
  readonly hiddenSources = new SvelteSet<number>();
  /** The search as a matcher, or the message naming what is wrong with it. */
  readonly search = $derived(makeMatcher(this.query, this.regex));

  /** Paints so far (for tests: ingest must not paint per batch). */
  paints = 0;

  #feed: LogsFeed;
  #cap: number;
  #frame: (paint: () => void) => void;
  #endedWhileFollowing: string;
  #book: LogBook;
  #view: FilteredLog;
  #handle: StreamHandle | null = null;
  #generation = 0;
  #scheduled = false;
  #receivedAtPause = 0;

  constructor(feed: LogsFeed, ids: string[], options: LogsOptions = {}) {
    this.#feed = feed;
    this.#cap = options.cap ?? LOG_CAP;
    this.#frame = options.frame ?? ((paint) => requestAnimationFrame(() => paint()));
    this.#endedWhileFollowing =
      options.endedWhileFollowing ??
      'The log stream ended: the container stopped. Everything it printed is above.';
    this.#book = new LogBook(this.#cap);
    this.#view = new FilteredLog(this.#book);
    this.request = { ...this.request, ids };
  }

  get cap(): number {
    return this.#cap;
  }

  get matcher(): Matcher | null {
    return this.search.matcher;
  }

  /** Opens the stream for the current request, after closing any open one; the book starts
   *  empty. */
  async start(): Promise<void> {
    const generation = ++this.#generation;
    await this.#close();
    this.#book = new LogBook(this.#cap);
    this.#view = new FilteredLog(this.#book);
    this.#applyFilter();
    Object.assign(this, {
      phase: 'starting',
      problem: null,
      ended: null,
      olderNote: null,
      skipped: 0,
      current: null,
    });
    this.#paint();
    const request = $state.snapshot(this.request);
    this.#feed.command(request).then(
      (c) => {
        if (generation === this.#generation) this.command = c;
      },
      () => undefined,
    );
    try {
      const handle = await this.#feed.follow(request, (m) => this.#receive(generation, m));
      if (generation !== this.#generation) {
        void handle.cancel();
        return;
      }
      this.#handle = handle;
      if (this.phase === 'starting') this.phase = 'live';
    } catch (e) {
      if (generation === this.#generation) this.#fail(e);
    }
  }

  /** Closes the stream (the view went away). */
  async stop(): Promise<void> {
    this.#generation++;
    await this.#close();
  }

  async #close(): Promise<void> {
    const h = this.#handle;
    this.#handle = null;
    if (h) await h.cancel().catch(() => undefined);
  }

  #fail(e: unknown) {
    if (e instanceof TugboatError && e.code === 'logs_unreadable') {
      this.phase = 'unreadable';
    } else {
      this.phase = 'failed';
    }
    this.problem = errorMessage(e);
  }

  #receive(generation: number, m: LogsMessage) {
    if (generation !== this.#generation) return;
    if (m.type === 'data') {
      this.#book.append(m.data.lines);
      if (m.data.skipped) this.skipped += m.data.skipped;
      if (this.phase === 'starting') this.phase = 'live';
      this.#schedule();
    } else if (m.type === 'end') {
      this.phase = 'ended';
      this.ended = this.request.follow
        ? this.#endedWhileFollowing
        : 'The whole log asked for is above.';
      this.#schedule();
    } else if (m.error.code !== 'cancelled') {
      this.#fail(new TugboatError(m.error));
    }
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#frame(() => {
      this.#scheduled = false;
      this.#paint();
    });
  }

  #paint() {
    this.paints++;
    const book = this.#book;
    this.held = book.lines;
    this.dropped = book.dropped;
    if (this.paused) {
      this.newWhilePaused = book.received - this.#receivedAtPause;
      return;
    }
    this.shifted = this.#view.sync();
    this.rows = this.#view.shown.slice();
    this.hits = this.#view.hits.slice();
  }

  pause() {
    if (this.paused) return;
    this.paused = true;
    this.#receivedAtPause = this.#book.received;
    this.newWhilePaused = 0;
  }

  resume() {
    if (!this.paused) return;
    this.paused = false;
    this.newWhilePaused = 0;
    this.#paint();
  }

  #applyFilter() {
    this.#view.setFilter({
      matcher: this.search.matcher,
      onlyMatching: this.onlyMatching,
      minLevel: this.minLevel,
      hiddenSources: this.hiddenSources,
    });
    this.shifted = true;
  }

  /** The search or a filter changed: the list is worked out again (paused, too: the user
   *  asked for it). */
  refilter() {
    this.#applyFilter();
    this.current = null;
    this.rows = this.#view.shown.slice();
    this.hits = this.#view.hits.slice();
  }

  /** Moves to the next (or previous) hit, wrapping; returns its row index, or -1. */
  step(by: 1 | -1): number {
    const hits = this.hits;
    if (hits.length === 0) return -1;
    const cur = this.current;
    const at = cur === null ? -1 : hits.findIndex((e) => e.seq === cur);
    let next: number;
    if (at !== -1) next = (at + by + hits.length) % hits.length;
    else {
      // No hit yet, or the one we were on went (dropped or filtered): go on from where it was.
      const after = cur === null ? -1 : hits.findIndex((e) => e.seq > cur);
      if (by === 1) next = after === -1 ? 0 : after;
      else next = ((after === -1 ? hits.length : after) - 1 + hits.length) % hits.length;
    }
    this.current = hits[next].seq;
    return this.#view.indexOf(this.current);
  }

  /** Which hit "next" is on, counted from 1 (0 when none). */
  get currentNumber(): number {
    if (this.current === null) return 0;
    return this.hits.findIndex((e) => e.seq === this.current) + 1;
  }

  /** Loads the page of lines before the oldest held (one container only). */
  async loadOlder(): Promise<void> {
    const id = this.request.ids[0];
    const before = this.#book.oldestTimestamp;
    if (this.request.ids.length !== 1 || !id) return;
    if (!before) {
      this.olderNote = 'Nothing is shown yet, so there is nothing older to ask for.';
      return;
    }
    this.loadingOlder = true;
    this.olderNote = null;
    const generation = this.#generation;
    try {
      const page = await this.#feed.page(id, before, PAGE);
      if (generation !== this.#generation) return;
      if (page.length === 0) {
        this.olderNote = 'This is the start of the log: the engine has nothing older.';
        return;
      }
      const taken = this.#book.prepend(page);
      if (taken < page.length)
        this.olderNote = `The view holds its most (${this.#cap.toLocaleString('en')} lines), so ${(page.length - taken).toLocaleString('en')} older lines were not loaded.`;
      this.#applyFilter();
      this.#paint();
      this.shifted = true;
    } catch (e) {
      this.olderNote = `Could not load older lines: ${errorMessage(e)}`;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** The text of the painted rows (their lines, escapes made visible), for copying. */
  shownText(): string {
    return this.rows.map((e) => entryText(e)).join('\n');
  }
}
