import { describe, expect, it } from 'vitest';
import { Folded } from './folded';

describe('a folded refetch', () => {
  it('folds every ask made during a run into one more run', async () => {
    const gates: (() => void)[] = [];
    let runs = 0;
    let settled = 0;
    const f = new Folded(
      () =>
        new Promise<void>((r) => {
          runs++;
          gates.push(r);
        }),
      () => settled++,
    );
    const first = f.ask();
    expect(f.running).toBe(true);
    await Promise.all([f.ask(), f.ask(), f.ask()]);
    expect(runs).toBe(1);
    gates[0]();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    gates[1]();
    await first;
    expect(runs).toBe(2);
    expect(settled).toBe(1);
    expect(f.running).toBe(false);
  });

  it('settles even when a run fails', async () => {
    let settled = 0;
    const f = new Folded(
      () => Promise.reject(new Error('engine gone')),
      () => settled++,
    );
    await expect(f.ask()).rejects.toThrow('engine gone');
    expect(settled).toBe(1);
    expect(f.running).toBe(false);
  });
});
