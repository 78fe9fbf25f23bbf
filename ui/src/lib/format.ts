// Display helpers. Sizes use decimal units, as the docker CLI does (1 kB = 1000 B).

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatClock(ms: number | null): string {
  if (!ms) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function percent(part: number | null, whole: number | null): string {
  if (!whole || part == null) return '0%';
  return `${Math.round((part / whole) * 100)}%`;
}

/** A count with its noun, in the number the count needs: `1 container`, `0 containers`,
 *  `3 matching lines`. `plural` is for nouns that do not just take an `s`. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Just the noun of `counted`, for layouts that show the number apart from its word. */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** An error's message, for showing: thrown values are Errors (TugboatError included), or
 *  whatever a plugin rejected with. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
