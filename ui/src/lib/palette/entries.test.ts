import { describe, expect, it } from 'vitest';
import { paletteEntries, rank, type PaletteObjects } from './entries';
import type { ContainerRow, ImageRow, NetworkRow, VolumeRow } from '$lib/ipc/client';

const sections = [
  { id: 'home', label: 'Home' },
  { id: 'containers', label: 'Containers' },
  { id: 'volumes', label: 'Volumes' },
];

function container(name: string, state: ContainerRow['state']): ContainerRow {
  return { id: `id-${name}`, name, image: 'nginx:1', state } as ContainerRow;
}

const objects: PaletteObjects = {
  containers: [container('web', 'running'), container('batch', 'exited')],
  images: [
    { id: 'sha256:0123456789abcdef0123', repoTags: ['nginx:1', 'nginx:latest'] } as ImageRow,
    { id: 'sha256:fedcba9876543210fedc', repoTags: [] } as unknown as ImageRow,
  ],
  volumes: [{ name: 'pgdata', driver: 'local' } as VolumeRow],
  networks: [{ id: 'net1', name: 'backend', driver: 'bridge' } as NetworkRow],
};

const all = paletteEntries(sections, objects, 'Ctrl');

describe('palette entries', () => {
  it('offers every section with its shortcut, in sidebar order, first', () => {
    expect(all.slice(0, 3).map((e) => [e.title, e.shortcut])).toEqual([
      ['Home', 'Alt+1'],
      ['Containers', 'Alt+2'],
      ['Volumes', 'Alt+3'],
    ]);
    expect(all[1].action).toEqual({ do: 'open', section: 'containers' });
    expect(all[1].docker).toEqual(['ps', '-a']);
  });

  it('offers only the actions a container state allows, each with its docker words', () => {
    const web = all.filter((e) => e.key.startsWith('container:id-web')).map((e) => e.title);
    expect(web).toEqual(['web', 'Stop web', 'Restart web', 'Pause web']);
    const batch = all.filter((e) => e.key.startsWith('container:id-batch'));
    expect(batch.map((e) => e.title)).toEqual(['batch', 'Start batch']);
    expect(batch[1].docker).toEqual(['start', 'batch']);
    expect(batch[1].action).toEqual({
      do: 'container',
      id: 'id-batch',
      verb: 'start',
      seen: 'exited',
    });
  });

  it('names an untagged image by its short id, and opens objects in their sections', () => {
    const titles = all.filter((e) => e.group === 'Image').map((e) => e.title);
    expect(titles).toEqual(['nginx:1', 'Run nginx:1…', 'fedcba987654', 'Run fedcba987654…']);
    const volume = all.find((e) => e.key === 'volume:pgdata');
    expect(volume?.action).toEqual({ do: 'open', section: 'volumes', id: 'pgdata' });
    expect(volume?.docker).toEqual(['volume', 'inspect', 'pgdata']);
    const network = all.find((e) => e.key === 'network:net1');
    expect(network?.action).toEqual({ do: 'open', section: 'networks', id: 'net1' });
  });

  it('every key is unique', () => {
    expect(new Set(all.map((e) => e.key)).size).toBe(all.length);
  });
});

describe('ranking', () => {
  it('finds by a fuzzy part of the title, best first', () => {
    expect(rank(all, 'pgd')[0].title).toBe('pgdata');
    expect(rank(all, 'stop web')[0].title).toBe('Stop web');
    expect(rank(all, 'volu')[0].title).toBe('Volumes');
  });

  it('finds nothing for words nothing holds', () => {
    expect(rank(all, 'zzqx')).toEqual([]);
  });

  it('lists in order, up to the limit, when nothing is typed', () => {
    expect(rank(all, '  ', 4).map((e) => e.title)).toEqual([
      'Home',
      'Containers',
      'Volumes',
      'Switch engine…',
    ]);
  });
});
