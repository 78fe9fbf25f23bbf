// When a list's first screen was painted: the benchmarks read it from the view (P5 in
// TARGETS.md), so the figure is the page's own clock, not a WebDriver round trip.

/** A list's last load, from asking the backend to the frame that shows its rows painted. */
export interface ListPaint {
  rows: number;
  ms: number;
}

/** Runs `fn` once the next frame has been painted: a frame callback runs just before the
 *  paint, and a task queued from it runs just after. */
export function afterNextPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() => setTimeout(fn, 0));
}
