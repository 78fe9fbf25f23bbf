// The starter .dockerignore: the usual entries, plus the heavy tool folders the largest files
// sit in, each once, and never a plain source folder.
import { describe, expect, it } from 'vitest';
import { starterIgnore } from './contextStarter';

const summary = (paths: string[]) => ({
  files: paths.length,
  bytes: 0,
  ignoredFiles: 0,
  ignoredBytes: 0,
  largest: paths.map((path) => ({ path, bytes: 1 })),
  hasDockerignore: false,
  warning: null,
});

describe('starterIgnore', () => {
  it('holds the usual entries without a summary', () => {
    const lines = starterIgnore(null).split('\n');
    expect(lines).toEqual(expect.arrayContaining(['.git', '**/node_modules', '.env']));
  });

  it('adds the heavy folders the largest files are in, once, and not source folders', () => {
    const lines = starterIgnore(
      summary([
        'target/debug/app',
        'target/release/app',
        'web/dist/app.js',
        'src/big.rs',
        'node_modules/x/y',
      ]),
    ).split('\n');
    expect(lines.filter((l) => l === 'target')).toHaveLength(1);
    expect(lines).toContain('web/dist');
    expect(lines).not.toContain('src');
    expect(lines).not.toContain('node_modules');
  });
});
