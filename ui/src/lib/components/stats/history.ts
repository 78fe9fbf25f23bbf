// The last couple of minutes of one container's samples, and their figures as chart points.
// Pure, so the window and the points are tested without a chart.
import type { StatsSample } from '$lib/ipc/client';
import type { LinePoint } from '../shared/LineChart.svelte';

/** How much history a chart shows. */
export const WINDOW_SECONDS = 120;

/** A sample's figures as numbers: the engine sends a figure it could not compute (a division
 *  by zero) as null, which reads as 0 here. PIDs stay null when the engine gave none. */
export type Figures = {
  [K in Exclude<keyof StatsSample, 'pids' | 'pidsLimit'>]: number;
} & { pids: number | null; pidsLimit: number | null };

export function figures(s: StatsSample): Figures {
  const n = (v: number | null) => (v != null && Number.isFinite(v) ? v : 0);
  return {
    cpuPercent: n(s.cpuPercent),
    onlineCpus: n(s.onlineCpus) || 1,
    memoryBytes: n(s.memoryBytes),
    memoryLimitBytes: n(s.memoryLimitBytes),
    memoryPercent: n(s.memoryPercent),
    pids: s.pids,
    pidsLimit: s.pidsLimit,
    netRxBytes: n(s.netRxBytes),
    netTxBytes: n(s.netTxBytes),
    blockReadBytes: n(s.blockReadBytes),
    blockWriteBytes: n(s.blockWriteBytes),
    netRxPerSecond: n(s.netRxPerSecond),
    netTxPerSecond: n(s.netTxPerSecond),
    blockReadPerSecond: n(s.blockReadPerSecond),
    blockWritePerSecond: n(s.blockWritePerSecond),
    readAtMs: n(s.readAtMs),
  };
}

/** A sample with the time it stands for: the engine's reading time, else when it arrived. */
export interface TimedSample {
  at: number;
  sample: Figures;
}

/** `list` with `sample` added and what fell out of the window dropped (a new array). */
export function keep(
  list: TimedSample[],
  sample: StatsSample,
  arrivedMs: number,
  windowSeconds = WINDOW_SECONDS,
): TimedSample[] {
  const f = figures(sample);
  const at = f.readAtMs > 0 ? f.readAtMs : arrivedMs;
  // A reading older than the newest kept (a restarted stream) starts the history again.
  const last = list[list.length - 1];
  const base = last && at < last.at ? [] : list;
  const from = at - windowSeconds * 1000;
  return [...base.filter((t) => t.at >= from), { at, sample: f }];
}

/** One figure of every sample as points: x in seconds before the newest sample. */
export function points(list: TimedSample[], pick: (s: Figures) => number): LinePoint[] {
  const newest = list[list.length - 1]?.at ?? 0;
  return list.map((t) => ({ x: (t.at - newest) / 1000, y: pick(t.sample) }));
}

/** A rate for people: `1.2 MB/s`. */
export function perSecond(format: (n: number) => string, n: number): string {
  return `${format(n)}/s`;
}

/** CPU as `docker stats` prints it: two decimals, percent of one core. */
export function cpuText(percent: number): string {
  return `${percent.toFixed(2)}%`;
}
