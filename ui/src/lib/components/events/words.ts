// An engine event in words, and where a link from it goes. Pure: the Events page and its tests
// share it.
import type { EngineEvent, ResourceKind } from '$lib/ipc/client';

/** "container web stopped", "volume data was created", "image busybox:1 was tagged". */
export function sentence(e: EngineEvent): string {
  return `${e.kind} ${e.subject} ${e.verb}`;
}

/** Where an event's link goes: the container's details, the section of its kind, or nowhere. */
export interface EventLink {
  section: string;
  /** The object to open there; none: the section itself. */
  id?: string;
  label: string;
}

const sectionOf: Partial<Record<ResourceKind, string>> = {
  container: 'containers',
  image: 'images',
  volume: 'volumes',
  network: 'networks',
};

/** The link for `e`, given the sections the app has (only one that exists is linked). */
export function linkFor(e: EngineEvent, sections: readonly string[]): EventLink | null {
  const section = sectionOf[e.kind];
  if (!section || !sections.includes(section)) return null;
  if (e.kind === 'container' && e.containerId) {
    return { section, id: e.containerId, label: 'Details' };
  }
  return { section, label: `Open ${section}` };
}
