// How much of a log to read, from the toolbar's fields: the last N lines, since and until.
// Times are what `docker logs` takes: a duration back from now (`10m`, `2h`), an RFC 3339
// date, or unix seconds. A duration is turned into unix seconds here, because the engine only
// takes absolute times. Errors name the field and say what would be valid.

export type Reading =
  | { ok: true; tail: number | null; since: string | null; until: string | null }
  | { ok: false; error: string };

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A time field: null when empty, the value to send, or an error. */
export function readTime(
  field: string,
  text: string,
  nowSecs: number,
): { value: string | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: null };
  if (/^\d+(\.\d+)?$/.test(t)) return { value: t };
  const d = /^(\d+)\s*([smhd])$/.exec(t);
  if (d) return { value: String(Math.max(0, nowSecs - Number(d[1]) * UNITS[d[2]])) };
  if (/^\d{4}-\d{2}-\d{2}/.test(t) && !Number.isNaN(Date.parse(t))) return { value: t };
  return {
    error: `${field}: “${t}” is not a time. Use a duration back from now (10m, 2h, 1d), a date like 2024-01-31T13:00:00Z, or unix seconds.`,
  };
}

export function readWindow(
  tail: string,
  since: string,
  until: string,
  nowSecs = Math.floor(Date.now() / 1000),
): Reading {
  const t = tail.trim();
  let lines: number | null = null;
  if (t !== '') {
    if (!/^\d+$/.test(t) || Number(t) > 4_294_967_295)
      return {
        ok: false,
        error: `Last … lines: “${t}” is not a whole number of lines. Give one like 500, or leave it empty to read the whole log.`,
      };
    lines = Number(t);
  }
  const s = readTime('Since', since, nowSecs);
  if ('error' in s) return { ok: false, error: s.error };
  const u = readTime('Until', until, nowSecs);
  if ('error' in u) return { ok: false, error: u.error };
  return { ok: true, tail: lines, since: s.value, until: u.value };
}
