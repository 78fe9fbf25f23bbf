// The `.dockerignore` the Context panel offers when a folder has none: the usual heavy or private
// things that never belong in an image, plus the folders the largest files sit in when their
// names say they are tools' output (a dependency cache, a build output, version control).
import type { ContextSummary } from './buildTypes';

/** Folder names that are tools' output or private state, not source an image needs. */
const HEAVY_FOLDERS = new Set([
  '.git',
  'node_modules',
  'target',
  'dist',
  'build',
  '.venv',
  'venv',
  '__pycache__',
  '.cache',
  '.idea',
  '.vscode',
  'coverage',
]);

const BASE = [
  '# What the build context leaves out: nothing here reaches the builder, so it cannot',
  '# end up in the image or make the upload slow. `!pattern` puts a file back in.',
  '.git',
  '**/node_modules',
  '**/__pycache__',
  '**/*.log',
  '.env',
  '*.tmp',
];

/** A starter `.dockerignore` for the folder the summary describes. */
export function starterIgnore(summary: ContextSummary | null): string {
  const lines = [...BASE];
  for (const f of summary?.largest ?? []) {
    const parts = f.path.split('/');
    const heavy = parts.slice(0, -1).find((p) => HEAVY_FOLDERS.has(p));
    if (!heavy) continue;
    // Patterns are from the context's root: the heavy folder at whatever depth it was found.
    const at = parts.indexOf(heavy);
    const pattern = parts.slice(0, at + 1).join('/');
    const covered = lines.includes(pattern) || lines.includes(`**/${heavy}`);
    if (!covered) lines.push(pattern);
  }
  return lines.join('\n') + '\n';
}
