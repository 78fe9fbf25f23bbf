// When the app's script began to run, in ms since the page began loading (for start-up marks).
export const scriptStart = performance.now();

// Start-up is done once the first view has painted: Home reports it after its facts painted,
// and any other view as soon as it is the one shown. What can wait (the other views' code)
// waits for it.
let done = false;
const waiting: (() => void)[] = [];

/** Runs `then` once start-up is done (at once if it is). */
export function whenStarted(then: () => void): void {
  if (done) then();
  else waiting.push(then);
}

/** Start-up is done: runs what waited for it. */
export function started(): void {
  if (done) return;
  done = true;
  for (const then of waiting.splice(0)) then();
}
