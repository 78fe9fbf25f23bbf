import { describe, expect, it } from 'vitest';
import { emptyForm, emptyLimits } from './runform';

describe('the run form and the update dialog share one set of limits', () => {
  it('starts the run form with every limit unset', () => {
    const form = emptyForm();
    for (const [key, value] of Object.entries(emptyLimits())) {
      expect(form).toHaveProperty(key, value);
    }
    expect(Object.keys(emptyLimits()).sort()).toEqual(
      ['cpuShares', 'cpus', 'memory', 'memoryReservation', 'memorySwap', 'pidsLimit'].sort(),
    );
  });

  it('hands out a fresh object each time', () => {
    const a = emptyLimits();
    a.memory = '64m';
    expect(emptyLimits().memory).toBe('');
  });
});
