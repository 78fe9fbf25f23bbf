import '@testing-library/jest-dom/vitest';

// jsdom lays nothing out and has no ResizeObserver. Views measure themselves with one; where a
// test needs sizes reported it installs its own observer, else this one never reports.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as unknown as typeof ResizeObserver;
