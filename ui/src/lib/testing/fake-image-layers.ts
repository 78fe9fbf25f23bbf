// The fake of the `imageLayers` area (history, layer analysis) for component tests: a test
// sets the history, pushes progress and the analysis into the streams a view opened, and reads
// what was asked.
import type {
  Client,
  ImageHistory,
  ImageLayers,
  LayerChange,
  LayersMessage,
  LayerView,
} from '$lib/ipc/client';

export function makeChange(over: Partial<LayerChange> & Pick<LayerChange, 'path'>): LayerChange {
  return { change: 'added', kind: 'file', size: 0, mode: 0o644, link: null, ...over };
}

export function makeLayer(over: Partial<LayerView> = {}): LayerView {
  return {
    index: 0,
    digest: 'sha256:aa',
    instruction: 'ADD file:abc in /',
    createdBy: '/bin/sh -c #(nop) ADD file:abc in / ',
    added: 0,
    changed: 0,
    deleted: 0,
    bytes: 0,
    wasted: 0,
    changes: [],
    listedAll: true,
    ...over,
  };
}

/** Two layers: a base adding /data/f, and one deleting it. */
export function makeLayers(over: Partial<ImageLayers> = {}): ImageLayers {
  return {
    id: 'sha256:1111',
    layers: [
      makeLayer({
        added: 2,
        bytes: 1000,
        wasted: 1000,
        changes: [
          makeChange({ path: '/data', kind: 'folder' }),
          makeChange({ path: '/data/f', size: 1000 }),
        ],
      }),
      makeLayer({
        index: 1,
        digest: 'sha256:bb',
        instruction: 'RUN rm /data/f',
        createdBy: '/bin/sh -c rm /data/f',
        changed: 1,
        deleted: 1,
        changes: [
          makeChange({ path: '/data', kind: 'folder', change: 'changed' }),
          makeChange({ path: '/data/f', change: 'deleted', size: 1000 }),
        ],
      }),
    ],
    totalBytes: 1000,
    wastedBytes: 1000,
    score: 0,
    biggest: [],
    command: 'docker save sha256:1111 | tar -t',
    ...over,
  };
}

export interface FakeLayersStream {
  id: string;
  send: (m: LayersMessage) => void;
  cancelled: boolean;
}

export class FakeImageLayersArea {
  streams: FakeLayersStream[] = [];
  history: (id: string) => ImageHistory = (id) => ({
    steps: [],
    command: `docker history --no-trunc ${id}`,
  });
  historyCalls: string[] = [];

  /** The streams still open for `id`. */
  open(id?: string): FakeLayersStream[] {
    return this.streams.filter((s) => !s.cancelled && (id === undefined || s.id === id));
  }

  area(): Client['imageLayers'] {
    return {
      history: async (id) => {
        this.historyCalls.push(id);
        return this.history(id);
      },
      analyse: async (id, send) => {
        const stream: FakeLayersStream = { id, send, cancelled: false };
        this.streams.push(stream);
        return {
          id: this.streams.length,
          cancel: async () => {
            stream.cancelled = true;
          },
        };
      },
    };
  }
}
