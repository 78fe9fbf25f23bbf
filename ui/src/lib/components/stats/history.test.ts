// The stats window: samples older than the window fall out, a restarted stream starts again,
// nulls read as 0, and points are seconds before the newest sample.
import { describe, expect, it } from 'vitest';
import { makeSample } from '$lib/testing/fake-inside';
import { figures, keep, points } from './history';

describe('stats history', () => {
  it('keeps the last window of samples and gives points before the newest', () => {
    let list = keep([], makeSample({ readAtMs: 1_000_000, cpuPercent: 10 }), 0, 120);
    list = keep(list, makeSample({ readAtMs: 1_060_000, cpuPercent: 20 }), 0, 120);
    list = keep(list, makeSample({ readAtMs: 1_125_000, cpuPercent: 30 }), 0, 120);
    // The first is 125 s before the newest: out.
    expect(points(list, (s) => s.cpuPercent)).toEqual([
      { x: -65, y: 20 },
      { x: 0, y: 30 },
    ]);
  });

  it('uses the arrival time when the engine gave none, and restarts on an older reading', () => {
    let list = keep([], makeSample({ readAtMs: 0 }), 5000);
    expect(list[0].at).toBe(5000);
    list = keep(list, makeSample({ readAtMs: 9000 }), 0);
    list = keep(list, makeSample({ readAtMs: 7000 }), 0);
    expect(list.map((t) => t.at)).toEqual([7000]);
  });

  it('reads figures the engine could not compute as 0', () => {
    const f = figures(makeSample({ cpuPercent: null, memoryPercent: null, pids: null }));
    expect(f.cpuPercent).toBe(0);
    expect(f.memoryPercent).toBe(0);
    expect(f.pids).toBeNull();
  });
});
