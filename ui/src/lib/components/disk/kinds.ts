// The four kinds `docker system df` reports, in its order, with what each is and why only part
// of it can be given back: the words the Disk page teaches with.
import type { DiskBreakdown, UsageRow } from '$lib/ipc/client';

export type KindId = 'images' | 'containers' | 'volumes' | 'buildCache';

export interface Kind {
  id: KindId;
  label: string;
  /** What this kind is, in a sentence. */
  what: string;
  /** Why its reclaimable part is what it is. */
  reclaimable: string;
}

export const KINDS: Kind[] = [
  {
    id: 'images',
    label: 'Images',
    what: 'Read-only layers that containers start from. A layer two images share is stored once.',
    reclaimable:
      'Layers that no container’s image needs. Removing unused images gives them back; a layer an image in use still needs stays.',
  },
  {
    id: 'containers',
    label: 'Containers',
    what: 'Each container’s own writable layer: the files it created or changed on top of its image.',
    reclaimable:
      'The layers of containers that are not running. They go when those containers are removed, with whatever was written in them.',
  },
  {
    id: 'volumes',
    label: 'Local volumes',
    what: 'Data kept outside any container, so it outlives the containers that wrote it.',
    reclaimable:
      'Volumes no container mounts. Removing one deletes its data for good, so Tugboat lists each before it goes.',
  },
  {
    id: 'buildCache',
    label: 'Build cache',
    what: 'Results of earlier build steps, kept so the next build can skip redoing them.',
    reclaimable:
      'Records no build is using right now. Removing them costs nothing but time: the next build redoes those steps.',
  },
];

export function totalsOf(df: DiskBreakdown, id: KindId): UsageRow {
  return df.totals[id];
}

/** How many objects the `-v` detail holds for a kind. */
export function detailCount(df: DiskBreakdown, id: KindId): number {
  return df[id].length;
}
