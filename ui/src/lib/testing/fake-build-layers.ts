// The fake of the `buildLayers` area for component tests: a test sets the answer (or an error)
// and reads what was asked.
import type { BuildLayers, BuiltLayer, Client, StepOutcome } from '$lib/ipc/client';

export function makeBuiltLayer(over: Partial<BuiltLayer> = {}): BuiltLayer {
  return {
    line: null,
    instruction: 'RUN true',
    size: 0,
    cached: null,
    fromBase: false,
    madeLayer: true,
    layerId: null,
    ...over,
  };
}

export class FakeBuildLayersArea {
  answer: BuildLayers = { layers: [], tips: [] };
  error: Error | null = null;
  calls: { imageId: string; text: string; steps: StepOutcome[] | null }[] = [];

  area(): Client['buildLayers'] {
    return {
      read: async (imageId, text, steps) => {
        this.calls.push({ imageId, text, steps });
        if (this.error) throw this.error;
        return this.answer;
      },
    };
  }
}
