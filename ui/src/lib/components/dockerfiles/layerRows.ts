// What the Layers panel shows of a `build_layers` answer: the base image's entries folded into
// one row, then one row per entry of the file's own, and the build's steps turned into the
// outcomes the backend ties cache states and step times from.
import type { BuiltLayer, StepOutcome } from '$lib/ipc/client';

/** The part of a build step the panel reads (h4's `BuildStep`). */
export interface StepLike {
  line: number | null;
  state: string;
  startedMs: number | null;
  endedMs: number | null;
}

/** What the panel reads of the editor's session (the `DockerfileSession` fits it). */
export interface LayersSession {
  text: string;
  lastBuild: { imageId: string | null; steps: StepLike[] } | null;
  goToLine(line: number): void;
}

export type LayerRow =
  | { kind: 'base'; count: number; size: number; layers: number }
  | { kind: 'own'; layer: BuiltLayer };

/** Steps with a line, as outcomes: cached, or run with how long it took. Steps that failed or
 *  never ended say nothing. */
export function stepOutcomes(steps: StepLike[] | null | undefined): StepOutcome[] | null {
  if (!steps) return null;
  const out: StepOutcome[] = [];
  for (const s of steps) {
    if (s.line == null) continue;
    if (s.state === 'cached') out.push({ line: s.line, cached: true, millis: null });
    else if (s.state === 'done') {
      const millis =
        s.startedMs != null && s.endedMs != null ? Math.max(0, s.endedMs - s.startedMs) : null;
      out.push({ line: s.line, cached: false, millis });
    }
  }
  return out;
}

/** The rows, oldest first: one folded row for the base image (when it has entries), then the
 *  file's entries. */
export function layerRows(layers: BuiltLayer[]): LayerRow[] {
  const base = layers.filter((l) => l.fromBase);
  const rows: LayerRow[] = [];
  if (base.length) {
    rows.push({
      kind: 'base',
      count: base.length,
      size: base.reduce((sum, l) => sum + l.size, 0),
      layers: base.filter((l) => l.madeLayer).length,
    });
  }
  for (const layer of layers) if (!layer.fromBase) rows.push({ kind: 'own', layer });
  return rows;
}

/** "cache", "built", or nothing when the build's steps are not known. */
export function cacheWord(layer: BuiltLayer): string {
  if (layer.cached == null) return '';
  return layer.cached ? 'cache' : 'built';
}
