// The images part of the fake backend (`images` in the client): the kept list and its deltas,
// inspect answers by id, and what was asked. A test may replace any call.
import type { Client, Delta, ImageDetails, ImageRow } from '$lib/ipc/client';

type Listener<T> = (v: T) => void;

export function makeImage(over: Partial<ImageRow> = {}): ImageRow {
  return {
    id: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    repoTags: ['app:1'],
    repoDigests: [],
    size: 1_500_000,
    sharedSize: null,
    created: 1_700_000_000,
    containers: 0,
    dangling: false,
    ...over,
  };
}

export function makeImageDetails(row: ImageRow, over: Partial<ImageDetails> = {}): ImageDetails {
  const ref = row.repoTags[0] ?? row.id.slice(7, 19);
  return {
    id: row.id,
    repoTags: row.repoTags,
    repoDigests: row.repoDigests,
    entrypoint: [],
    cmd: ['sh'],
    env: ['PATH=/usr/bin:/bin'],
    exposedPorts: [],
    volumes: [],
    workingDir: null,
    user: null,
    labels: [],
    architecture: 'amd64',
    os: 'linux',
    variant: null,
    created: '2024-01-02T03:04:05Z',
    size: row.size,
    parent: null,
    layers: 1,
    command: `docker image inspect ${ref}`,
    rawJson: JSON.stringify({ Id: row.id, RepoTags: row.repoTags }, null, 2),
    ...over,
  };
}

export class FakeImageArea {
  rows: ImageRow[] = [];
  version = 0;
  listeners: Listener<Delta<ImageRow>>[] = [];
  /** What `inspect` answers, by id; an id not here is built from its row. */
  details: Record<string, ImageDetails> = {};
  inspected: string[] = [];

  reset() {
    Object.assign(this, { rows: [], version: 0, listeners: [], details: {}, inspected: [] });
  }

  push(d: Delta<ImageRow>) {
    if (d.kind === 'reset') this.rows = d.rows;
    else {
      const ids = new Set([...d.upserted.map((r) => r.id), ...d.removed]);
      this.rows = [...this.rows.filter((r) => !ids.has(r.id)), ...d.upserted];
    }
    this.version = d.version;
    for (const l of this.listeners) l(d);
  }

  area(): Client['images'] {
    return {
      list: async () => ({ rows: this.rows, version: this.version }),
      onChanged: async (cb: Listener<Delta<ImageRow>>) => {
        this.listeners.push(cb);
        return () => (this.listeners = this.listeners.filter((l) => l !== cb));
      },
      inspect: async (image: string) => {
        this.inspected.push(image);
        const held = this.details[image];
        if (held) return held;
        const row = this.rows.find((r) => r.id === image || r.repoTags.includes(image));
        if (!row) throw new Error(`No such image: ${image}`);
        return makeImageDetails(row);
      },
    };
  }
}
