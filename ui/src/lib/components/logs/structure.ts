// What a log line means beyond its text: the severity it states (from a JSON field or the usual
// text forms), whether it is a JSON object worth showing parsed, and whether it continues the
// entry above it (a stack trace's frames). Pure functions, so the store and the tests share them.

export const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type Level = (typeof LEVELS)[number];

/** How severe: lower is worse (fatal 0 … trace 5). */
export function severity(l: Level): number {
  return LEVELS.indexOf(l);
}

const WORDS: Record<string, Level> = {
  fatal: 'fatal',
  panic: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  alert: 'fatal',
  error: 'error',
  err: 'error',
  eror: 'error',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  info: 'info',
  inf: 'info',
  notice: 'info',
  information: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'trace',
  trc: 'trace',
  verbose: 'trace',
};

/** A level named by a word (any case), or null. */
export function levelWord(word: string): Level | null {
  return WORDS[word.toLowerCase()] ?? null;
}

/** pino/bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function numericLevel(n: number): Level | null {
  if (n >= 60) return 'fatal';
  if (n >= 50) return 'error';
  if (n >= 40) return 'warn';
  if (n >= 30) return 'info';
  if (n >= 20) return 'debug';
  if (n >= 10) return 'trace';
  return null;
}

const JSON_LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'levelname'];

/** The level a parsed JSON entry states in one of the usual fields. */
export function jsonLevel(obj: Record<string, unknown>): Level | null {
  for (const key of JSON_LEVEL_KEYS) {
    const v = obj[key];
    if (typeof v === 'string') {
      const l = levelWord(v.trim());
      if (l) return l;
    } else if (typeof v === 'number') {
      const l = numericLevel(v);
      if (l) return l;
    }
  }
  return null;
}

// The text forms, looked for near the start of a line only (where loggers put them).
/** `level=info`, `lvl=WARN`, `severity="error"` (logfmt). */
const KEY_VALUE = /\b(?:level|lvl|severity|loglevel)\s*[=:]\s*"?([a-zA-Z]+)/i;
/** `[warn]`, `<ERROR>`, `(debug)`. */
const BRACKETED = /[[<(]([a-zA-Z]{3,11})[\]>)]/;
/** An upper-case word standing alone: `ERROR`, `WARN:`, `INFO `. Upper-case only, so prose
 *  ("no error found") is not read as a level. */
const SHOUTED =
  /(?:^|[\s|:-])(FATAL|PANIC|CRIT|CRITICAL|EMERG|ALERT|ERROR|ERR|WARN|WARNING|INFO|NOTICE|DEBUG|TRACE)(?=$|[\s:|\],-])/;
/** glog/klog: `E0101 12:00:00.000000 …` (I info, W warning, E error, F fatal). */
const GLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const GLOG_LEVELS: Record<string, Level> = { I: 'info', W: 'warn', E: 'error', F: 'fatal' };
const HEAD = 240;

/** The level a text line states, from the common forms; null when it states none. */
export function textLevel(text: string): Level | null {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const g = GLOG.exec(head);
  if (g) return GLOG_LEVELS[g[1]];
  const kv = KEY_VALUE.exec(head);
  if (kv) {
    const l = levelWord(kv[1]);
    if (l) return l;
  }
  const br = BRACKETED.exec(head);
  if (br) {
    const l = levelWord(br[1]);
    if (l) return l;
  }
  const sh = SHOUTED.exec(head);
  if (sh) return levelWord(sh[1]);
  return null;
}

/** The JSON object a line is, or null (an array, a number or broken JSON is text). */
export function jsonObject(text: string): Record<string, unknown> | null {
  const t = text.trim();
  if (t.length < 2 || t[0] !== '{' || t[t.length - 1] !== '}') return null;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The level of a line: a JSON object's field, or the text forms. */
export function lineLevel(text: string): Level | null {
  const obj = jsonObject(text);
  if (obj) return jsonLevel(obj) ?? null;
  return textLevel(text);
}

/** The message a JSON entry carries, for its one-line summary. */
export function jsonMessage(obj: Record<string, unknown>): string | null {
  for (const key of ['msg', 'message', 'text', 'event']) {
    const v = obj[key];
    if (typeof v === 'string') return v;
  }
  return null;
}

/** Whether `text` continues the entry above (a stack frame, a "Caused by", a Python
 *  traceback's body) rather than starting a new one. `previousHead` is that entry's first line:
 *  a Python traceback also takes its closing `SomeError: …` line. */
export function continues(text: string, previousHead: string | null): boolean {
  if (previousHead === null || text.length === 0) return false;
  const c = text.charCodeAt(0);
  // Indented: Java/JS frames ("\tat …", "    at …"), Python's "  File …", Go's goroutine frames.
  if (c === 0x20 || c === 0x09) return true;
  if (/^(?:at |Caused by:|Suppressed:|\.\.\. \d+ (?:more|common frames omitted))/.test(text))
    return true;
  if (/^Traceback \(most recent call last\):/.test(previousHead)) {
    // The exception line that closes the traceback: `ValueError: …`, `pkg.mod.Error`.
    if (/^[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|Warning)\b/.test(text)) return true;
    if (/^During handling of the above exception/.test(text)) return true;
  }
  return false;
}

/** What the search box finds: plain text (case-insensitive) or a regular expression. */
export interface Matcher {
  /** Every match in `text` as [start, end) ranges, in order, none empty. */
  ranges(text: string): [number, number][];
  test(text: string): boolean;
}

export type MatcherResult = { matcher: Matcher | null; error: string | null };

/** Matches highlighted in one line at most (a pattern matching every character of a 64 KiB line
 *  would otherwise make 65,536 marks). */
const MAX_RANGES = 1000;

function find(re: RegExp, text: string, limit: number): [number, number][] {
  const out: [number, number][] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.length < limit && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      // A pattern that can match nothing (`a*`) must still move on.
      re.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Builds the matcher for the search box; an empty query matches nothing (and filters
 *  nothing out). A regex that does not compile is an error naming the field. */
export function makeMatcher(query: string, regex: boolean): MatcherResult {
  if (query === '') return { matcher: null, error: null };
  let re: RegExp;
  if (regex) {
    try {
      re = new RegExp(query, 'gi');
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : '';
      return {
        matcher: null,
        error: `Search: “${query}” is not a valid regular expression (${why}). Fix it, or untick “Regex” to search for the text as typed.`,
      };
    }
  } else {
    re = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  }
  return {
    error: null,
    matcher: {
      ranges: (text: string) => find(re, text, MAX_RANGES),
      test: (text: string) => find(re, text, 1).length > 0,
    },
  };
}
