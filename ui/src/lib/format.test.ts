import { describe, expect, it } from 'vitest';
import { counted, formatBytes, formatClock, noun, percent } from './format';

describe('formatBytes', () => {
  it('uses decimal units like the docker CLI', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(1_092_588)).toBe('1.09 MB');
    expect(formatBytes(25_300_000_000)).toBe('25.3 GB');
    expect(formatBytes(512_000_000)).toBe('512 MB');
  });
  it('shows a dash for unknown sizes', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatClock and percent', () => {
  it('formats', () => {
    const ms = new Date(2026, 10, 28, 9, 5, 7).getTime();
    expect(formatClock(ms)).toBe('09:05:07');
    expect(formatClock(0)).toBe('');
    expect(percent(1, 4)).toBe('25%');
    expect(percent(1, 0)).toBe('0%');
  });
});

describe('counted', () => {
  it('reads as words do: one is singular, every other count plural', () => {
    expect(counted(1, 'container')).toBe('1 container');
    expect(counted(0, 'container')).toBe('0 containers');
    expect(counted(2, 'container')).toBe('2 containers');
    expect(counted(1, 'matching line')).toBe('1 matching line');
    expect(counted(3, 'anonymous volume')).toBe('3 anonymous volumes');
  });
  it('takes the plural of nouns that are not just an added s', () => {
    expect(counted(1, 'process', 'processes')).toBe('1 process');
    expect(counted(7, 'process', 'processes')).toBe('7 processes');
    expect(noun(1, 'container')).toBe('container');
    expect(noun(4, 'container')).toBe('containers');
  });
});
