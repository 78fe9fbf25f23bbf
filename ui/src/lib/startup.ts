// When the app's script began to run, in ms since the page began loading (for start-up marks).
export const scriptStart = performance.now();
