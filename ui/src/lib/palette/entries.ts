// What the command palette offers and how a search ranks it. Pure: the palette component and
// its tests share it. Entries are data (what to do is an `action` the component carries out),
// so a test can check what is offered without a window.
import fuzzysort from 'fuzzysort';
import type {
  ContainerRow,
  ContainerState,
  ImageRow,
  NetworkRow,
  Theme,
  VolumeRow,
} from '$lib/ipc/client';

export type PaletteAction =
  /** Show a section; with `id`, open that object's details there. */
  | { do: 'open'; section: string; id?: string }
  /** The run form, filled with this image. */
  | { do: 'runImage'; image: string }
  /** A lifecycle action on a container, with the state the user saw. */
  | {
      do: 'container';
      id: string;
      verb: 'start' | 'stop' | 'restart' | 'pause' | 'unpause';
      seen: ContainerState;
    }
  | { do: 'switchEngine' }
  | { do: 'shortcuts' }
  | { do: 'theme'; theme: Theme };

export interface PaletteEntry {
  /** Unique among the entries offered at once. */
  key: string;
  /** What it is, shown beside the title: "View", "Container", "Image"… */
  group: string;
  title: string;
  /** More to match on and to show: a container's image and state, an image's id… */
  detail: string;
  /** The words after `docker` this equals, when it equals a command. */
  docker: string[] | null;
  /** Its keyboard shortcut, when it has one ("Alt+2"). */
  shortcut: string | null;
  action: PaletteAction;
}

/** The objects the palette searches, as the lists hold them. */
export interface PaletteObjects {
  containers: ContainerRow[];
  images: ImageRow[];
  volumes: VolumeRow[];
  networks: NetworkRow[];
}

/** What each section's list equals on the command line, where it equals one. */
const SECTION_COMMAND: Record<string, string[]> = {
  home: ['version'],
  containers: ['ps', '-a'],
  images: ['image', 'ls'],
  networks: ['network', 'ls'],
  volumes: ['volume', 'ls'],
  disk: ['system', 'df'],
  swarm: ['node', 'ls'],
  engines: ['context', 'ls'],
  events: ['events'],
};

/** Alt+1 … Alt+9 open the first nine sections, in sidebar order. */
export function sectionShortcut(index: number): string | null {
  return index < 9 ? `Alt+${index + 1}` : null;
}

type Verb = 'start' | 'stop' | 'restart' | 'pause' | 'unpause';

/** The lifecycle actions that make sense from a container's state. */
function verbsFor(state: ContainerState): Verb[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause'];
    case 'paused':
      return ['unpause'];
    case 'restarting':
      return ['stop'];
    case 'created':
    case 'exited':
      return ['start'];
    default:
      return [];
  }
}

const VERB_TITLE: Record<Verb, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pause: 'Pause',
  unpause: 'Unpause',
};

/** The name an image goes by: its first tag, else its short id. */
export function imageName(i: ImageRow): string {
  return i.repoTags[0] ?? i.id.replace(/^sha256:/, '').slice(0, 12);
}

/** Everything the palette offers: the sections, the app's own actions, then each object with
 *  its details and the actions its state allows. */
export function paletteEntries(
  sections: readonly { id: string; label: string }[],
  objects: PaletteObjects,
  mod: string,
): PaletteEntry[] {
  const out: PaletteEntry[] = sections.map((s, i) => ({
    key: `view:${s.id}`,
    group: 'View',
    title: s.label,
    detail: `Go to ${s.label}`,
    docker: SECTION_COMMAND[s.id] ?? null,
    shortcut: sectionShortcut(i),
    action: { do: 'open', section: s.id },
  }));
  out.push(
    {
      key: 'app:switch-engine',
      group: 'Engine',
      title: 'Switch engine…',
      detail: 'Use another docker context or socket',
      docker: null,
      shortcut: `${mod}+E`,
      action: { do: 'switchEngine' },
    },
    {
      key: 'app:shortcuts',
      group: 'Help',
      title: 'Keyboard shortcuts',
      detail: 'Every shortcut Tugboat has',
      docker: null,
      shortcut: '?',
      action: { do: 'shortcuts' },
    },
  );
  for (const [theme, title] of [
    ['system', 'Theme: as the system'],
    ['light', 'Theme: light'],
    ['dark', 'Theme: dark'],
  ] as const) {
    out.push({
      key: `app:theme-${theme}`,
      group: 'Settings',
      title,
      detail: 'Colours, kept for the next start',
      docker: null,
      shortcut: null,
      action: { do: 'theme', theme },
    });
  }
  for (const c of objects.containers) {
    out.push({
      key: `container:${c.id}:details`,
      group: 'Container',
      title: c.name,
      detail: `${c.state} · ${c.image} · details`,
      docker: ['container', 'inspect', c.name],
      shortcut: null,
      action: { do: 'open', section: 'containers', id: c.id },
    });
    for (const verb of verbsFor(c.state)) {
      out.push({
        key: `container:${c.id}:${verb}`,
        group: 'Container',
        title: `${VERB_TITLE[verb]} ${c.name}`,
        detail: `${c.state} · ${c.image}`,
        docker: [verb, c.name],
        shortcut: null,
        action: { do: 'container', id: c.id, verb, seen: c.state },
      });
    }
  }
  for (const i of objects.images) {
    const name = imageName(i);
    out.push({
      key: `image:${i.id}:details`,
      group: 'Image',
      title: name,
      detail: `${i.repoTags.slice(1).join(' ')} ${i.id.slice(7, 19)} · details`.trim(),
      docker: ['image', 'inspect', name],
      shortcut: null,
      action: { do: 'open', section: 'images', id: i.id },
    });
    out.push({
      key: `image:${i.id}:run`,
      group: 'Image',
      title: `Run ${name}…`,
      detail: 'Open the run form with this image',
      docker: ['run', name],
      shortcut: null,
      action: { do: 'runImage', image: name },
    });
  }
  for (const v of objects.volumes) {
    out.push({
      key: `volume:${v.name}`,
      group: 'Volume',
      title: v.name,
      detail: `${v.driver} · details`,
      docker: ['volume', 'inspect', v.name],
      shortcut: null,
      action: { do: 'open', section: 'volumes', id: v.name },
    });
  }
  for (const n of objects.networks) {
    out.push({
      key: `network:${n.id}`,
      group: 'Network',
      title: n.name,
      detail: `${n.driver} · details`,
      docker: ['network', 'inspect', n.name],
      shortcut: null,
      action: { do: 'open', section: 'networks', id: n.id },
    });
  }
  return out;
}

/** The entries matching `query`, best first (fuzzy: "ngx" finds "nginx"); with no query, the
 *  first `limit` in their own order. Titles count most; words may come in any order. */
export function rank(entries: readonly PaletteEntry[], query: string, limit = 50): PaletteEntry[] {
  const q = query.trim();
  if (!q) return entries.slice(0, limit);
  return fuzzysort
    .go(q, entries, {
      keys: ['title', 'detail', 'group'],
      limit,
      threshold: 0.2,
      // A title match beats the same match on what an entry is ("Volume") or its details.
      scoreFn: (r) =>
        Math.max(r[0]?.score ?? 0, (r[1]?.score ?? 0) * 0.9, (r[2]?.score ?? 0) * 0.8),
    })
    .map((r) => r.obj);
}
