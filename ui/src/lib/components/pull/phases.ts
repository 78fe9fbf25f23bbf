// What each layer phase of a pull or push means, in words, and the share of a transfer done.
import type { ImageProgress, LayerPhase } from '$lib/ipc/client';

export const PHASE_WORDS: Record<LayerPhase, string> = {
  waiting: 'Waiting',
  downloading: 'Downloading',
  verifying: 'Checking the download',
  extracting: 'Unpacking',
  done: 'Done',
  alreadyExists: 'Already here',
  pushing: 'Uploading',
  pushed: 'Uploaded',
  mounted: 'Reused from another repository',
};

/** Phases after which a layer has nothing left to do. */
export const FINISHED: LayerPhase[] = ['done', 'alreadyExists', 'pushed', 'mounted'];

/** 0–1 of the bytes known so far; 0 before any total is known. */
export function share(p: Pick<ImageProgress, 'bytesDone' | 'bytesTotal'>): number {
  return p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
}

/** The engine's short layer id, at most 12 characters as `docker pull` prints it. */
export function shortLayer(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
