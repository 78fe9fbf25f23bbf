// The one fake of `$lib/ipc/client` for component and store tests, typed as the real client's
// `Client` so that a call added to, renamed in or reshaped in any area fails to compile here
// until the fake follows. Tests push status changes, resource changes, feed and stats messages
// the way the backend would, set the rows and details the engine has, and read back what was
// asked. A call a test has not given an answer to rejects, naming itself.
import { FakeRegistries } from './fake-registries';
import { FakeSwarmArea } from './fake-swarm';
import { FakePullArea } from './fake-pull';
import { FakeBuildArea } from './fake-build';
import type {
  AppMemory,
  Client,
  ContainerAction,
  ContainerDetails,
  ContainerRow,
  ContainerState,
  Delta,
  EngineInfo,
  EngineStatus,
  Theme,
  ListView,
  UiSettings,
  EngineChoice,
  EngineTarget,
  EngineEvent,
  EventFeedMessage,
  EventFeedStreamMessage,
  PortEntry,
  Reach,
  EventFilter,
  EventQuery,
  EventWindow,
  TransferMessage,
  VolumeFile,
  VolumeFileAction,
  ResourcesChanged,
  Topology,
  RunForm,
  RunOutcome,
  RunPreview,
  StatsMessage,
  VolumeDetails,
  VolumeForm,
  VolumePruneFilters,
  VolumePrunePreview,
  VolumeRow,
} from '$lib/ipc/client';

import { FakeNetworkArea } from './fake-networks';
import { FakeImageArea } from './fake-images';
import { FakeRegistryArea } from './fake-registry';
import { FakeDiskArea } from './fake-disk';
import { FakeLearnArea, learnClientOf } from './fake-learn';
import { FakeLogsArea } from './fake-logs';
import { FakeInsideArea } from './fake-inside';
import { FakeContainerFilesArea } from './fake-container-files';
import { FakeExecArea } from './fake-exec';
import { FakeNamespacesArea } from './fake-namespaces';
import { FakeComposeArea } from './fake-compose';
import { FakeComposeStacksArea } from './fake-compose-stacks';
import { FakeServicesArea } from './fake-services';
import { FakeBuildLayersArea } from './fake-build-layers';
import { FakeImageLayersArea } from './fake-image-layers';
import { FakeImageFilesArea } from './fake-image-files';
import { FakeDockerfilesArea } from './fake-dockerfiles';

type Listener<T> = (v: T) => void;

export function makeStatus(over: Partial<EngineStatus> = {}): EngineStatus {
  return {
    state: 'connected',
    endpoint: { host: 'unix:///var/run/docker.sock', source: { kind: 'platformDefault' } },
    attempts: [],
    everConnected: true,
    lastError: null,
    platform: 'linux',
    link: 'local',
    target: { kind: 'configured' },
    note: null,
    ...over,
  };
}

export function makeInfo(over: Partial<EngineInfo> = {}): EngineInfo {
  return {
    endpoint: 'unix:///var/run/docker.sock',
    serverVersion: '20.10.24',
    daemonApiVersion: '1.41',
    minApiVersion: '1.12',
    apiVersion: '1.41',
    clientMaxApiVersion: '1.53',
    operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    osType: 'linux',
    kernelVersion: '6.1.0',
    architecture: 'x86_64',
    storageDriver: 'overlay2',
    cgroupDriver: 'cgroupfs',
    cgroupVersion: '1',
    loggingDriver: 'json-file',
    cpus: 2,
    memoryBytes: 25_300_000_000,
    swarmState: 'inactive',
    hostname: 'box',
    rootDir: '/var/lib/docker',
    counts: {
      containers: 5,
      running: 2,
      paused: 1,
      stopped: 2,
      images: 3,
      volumes: 4,
      networks: 3,
    },
    warnings: [],
    ...over,
  };
}

export function makeRow(over: Partial<ContainerRow> = {}): ContainerRow {
  return {
    id: 'c1',
    name: 'web',
    image: 'busybox',
    command: 'sh',
    createdMs: 1000,
    state: 'running',
    status: 'Up 1 minute',
    exitCode: null,
    ports: [],
    composeProject: null,
    composeService: null,
    ...over,
  };
}

export function makeDetails(over: Partial<ContainerDetails> = {}): ContainerDetails {
  return {
    id: 'c1',
    name: 'web',
    image: 'busybox',
    state: 'running',
    exitCode: null,
    oomKilled: false,
    restartCount: 0,
    startedAt: null,
    finishedAt: null,
    created: null,
    entrypoint: [],
    cmd: ['sh'],
    env: [],
    labels: [],
    mounts: [],
    ports: [],
    networks: [],
    restartPolicy: 'no',
    memoryBytes: null,
    memoryReservationBytes: null,
    memorySwapBytes: null,
    cpus: null,
    cpuShares: null,
    pidsLimit: null,
    health: null,
    hostname: 'web',
    user: '',
    workingDir: '/',
    parkedFrom: null,
    rawJson: '{}',
    ...over,
  };
}

export function makeVolume(over: Partial<VolumeRow> = {}): VolumeRow {
  return {
    name: 'data',
    driver: 'local',
    mountpoint: '/var/lib/docker/volumes/data/_data',
    scope: 'local',
    createdMs: 1000,
    labels: [],
    anonymous: false,
    usedBy: [],
    ...over,
  };
}

/** The volumes area (`volumes` in the client): the kept list, details, and what was asked. */
export class FakeVolumeArea {
  rows: VolumeRow[] = [];
  version = 0;
  listeners: Listener<Delta<VolumeRow>>[] = [];
  /** What `volumes.inspect` answers, by name; a name not here is built from its row. */
  details: Record<string, VolumeDetails> = {};
  sizes: { name: string; sizeBytes: number | null }[] = [];
  sizeCalls = 0;
  created: VolumeForm[] = [];
  removed: { name: string; force: boolean }[] = [];
  /** Names `remove` refuses, with the engine's refusal. */
  refuse: Record<string, string> = {};
  prunePreviews: VolumePruneFilters[] = [];
  prunes: { filters: VolumePruneFilters; seen: string[] }[] = [];
  /** What `prunePreview` answers for the filters asked (a test may replace it). */
  prunePreview = (f: VolumePruneFilters): VolumePrunePreview => this.defaultPrunePreview(f);

  /** Unused volumes, anonymous ones only unless `all`; each 10 bytes. */
  defaultPrunePreview(f: VolumePruneFilters): VolumePrunePreview {
    return {
      volumes: this.rows
        .filter((r) => r.usedBy.length === 0 && (f.all || r.anonymous))
        .map((r) => ({ name: r.name, anonymous: r.anonymous, labels: r.labels, sizeBytes: 10 })),
      reclaimableBytes: 0,
      command: `docker volume prune --force${f.all ? ' --all' : ''}`,
      allSupported: true,
      anonymousOnly: !f.all,
    };
  }

  /** Back to an empty area, for the next test (the client keeps calling this same object). */
  reset() {
    Object.assign(this, {
      rows: [],
      version: 0,
      listeners: [],
      details: {},
      sizes: [],
      sizeCalls: 0,
      created: [],
      removed: [],
      refuse: {},
      prunePreviews: [],
      prunes: [],
      prunePreview: (f: VolumePruneFilters) => this.defaultPrunePreview(f),
    });
  }

  push(d: Delta<VolumeRow>) {
    if (d.kind === 'reset') this.rows = d.rows;
    else {
      const names = new Set([...d.upserted.map((r) => r.name), ...d.removed]);
      this.rows = [...this.rows.filter((r) => !names.has(r.name)), ...d.upserted];
    }
    this.version = d.version;
    for (const l of this.listeners) l(d);
  }

  area(): Client['volumes'] {
    return {
      list: async () => ({ rows: this.rows, version: this.version }),
      onChanged: async (cb: Listener<Delta<VolumeRow>>) => {
        this.listeners.push(cb);
        return () => (this.listeners = this.listeners.filter((l) => l !== cb));
      },
      sizes: async () => {
        this.sizeCalls++;
        return this.sizes;
      },
      inspect: async (name: string) => {
        const d = this.details[name];
        if (d) return d;
        const row = this.rows.find((r) => r.name === name);
        if (!row) throw new Error(`No such volume: ${name}`);
        return {
          row,
          options: [],
          status: [],
          command: `docker volume inspect ${name}`,
          rawJson: JSON.stringify({ Name: name }, null, 2),
        };
      },
      createPreview: async (form: VolumeForm) => ({
        commandLine: `docker volume create ${form.name}`.trim(),
        errors: [],
      }),
      create: async (form: VolumeForm) => {
        this.created.push(form);
        return { name: form.name || 'f'.repeat(64), command: `docker volume create ${form.name}` };
      },
      removeCommand: async (name: string, force: boolean) =>
        `docker volume rm ${force ? '--force ' : ''}${name}`,
      remove: async (name: string, force: boolean) => {
        if (this.refuse[name]) throw new Error(this.refuse[name]);
        this.removed.push({ name, force });
        return { name, command: `docker volume rm ${name}` };
      },
      prunePreview: async (f: VolumePruneFilters) => {
        this.prunePreviews.push(f);
        return this.prunePreview(f);
      },
      prune: async (filters: VolumePruneFilters, seen: string[]) => {
        this.prunes.push({ filters, seen });
        return {
          removed: seen,
          kept: [],
          reclaimedBytes: 0,
          command: 'docker volume prune --force',
        };
      },
    };
  }
}

/** A call this test gave no answer: it rejects, so a test never passes on a made-up answer. */
function unanswered(call: string) {
  return (): Promise<never> => Promise.reject(new Error(`fake-ipc: no answer for ${call}`));
}

/** One stats stream a component opened, as the backend sees it. */
export interface FakeStatsStream {
  id: string;
  send: Listener<StatsMessage>;
  cancelled: boolean;
}

/** One filtered feed the Events page opened, as the backend sees it. */
export interface FakeFilteredFeed {
  filter: EventFilter;
  send: Listener<EventFeedStreamMessage>;
  cancelled: boolean;
}

/** One volume transfer a component started, as the backend sees it. */
export interface FakeTransfer {
  action: VolumeFileAction;
  name: string;
  /** The volume path (download, upload) or the host file (backup, restore). */
  target: string;
  host: string[];
  flag: boolean;
  send: Listener<TransferMessage>;
  cancelled: boolean;
}

export class FakeBackend {
  status: EngineStatus = makeStatus();
  info: EngineInfo = makeInfo();
  infoCalls = 0;
  /** What the app asked to switch to, in order. */
  switches: EngineTarget[] = [];
  /** What the engine switcher offers. */
  engineChoices: EngineChoice[] = [];
  /** Why the settings file was set aside at start (null: it was read). */
  settingsProblem: string | null = null;
  /** What `settings.get` answers; the themes and views the window asked to keep, in order. */
  uiSettings: UiSettings = {
    theme: 'system',
    lastView: null,
    lists: {},
    path: '/cfg/tugboat/settings.json',
  };
  /** What `settings.memory` answers. */
  appMemory: AppMemory = {
    backendHeapBytes: 12_500_000,
    processRssBytes: 150_000_000,
    wholeAppBytes: 290_000_000,
    processes: 3,
  };
  themesKept: Theme[] = [];
  /** The list views the window asked to keep, in order. */
  listViewsKept: { list: string; view: ListView }[] = [];
  viewsKept: string[] = [];
  firstPaints = 0;
  cancelled: number[] = [];
  statusListeners: Listener<EngineStatus>[] = [];
  changeListeners: Listener<ResourcesChanged>[] = [];
  feedListeners: Listener<EventFeedStreamMessage>[] = [];
  /** The backend's kept container list, as `containers.list` answers (with `version`). */
  rows: ContainerRow[] = [];
  /** The version of the last delta the kept list holds. */
  version = 0;
  deltaListeners: Listener<Delta<ContainerRow>>[] = [];
  /** What `containers.inspect` answers, by id; an id not here is not found. */
  details: Record<string, ContainerDetails> = {};
  inspected: string[] = [];
  acted: { id: string; action: ContainerAction; seen: ContainerState | null }[] = [];
  statsStreams: FakeStatsStream[] = [];
  /** The Events page's filtered feeds, oldest first. */
  filteredFeeds: FakeFilteredFeed[] = [];
  /** The past windows asked for, and what `engineEvents.query` answers. */
  queries: EventQuery[] = [];
  window: EventWindow = { events: [], leftOut: 0, unreadable: 0 };
  /** What the events save dialog answers, and the exports written. */
  eventsExportPath: string | null = null;
  eventsExported: { destination: string; events: EngineEvent[]; replace: boolean }[] = [];
  /** Volume folders by `name:path`, what `volumeFiles.list` answers (missing: not found). */
  volumeFolders: Record<string, VolumeFile[]> = {};
  /** What the volume dialogs answer, by action. */
  volumeChoices: Partial<Record<VolumeFileAction, string | null>> = {};
  transfers: FakeTransfer[] = [];
  /** The run form's previews and runs; a test may replace it (or its `answer`). */
  run = new FakeRunArea();
  /** The networks area: its kept list, details, and what was asked of it. */
  networks = new FakeNetworkArea();
  /** The images area: its kept list, inspect answers, and what was asked of it. */
  images = new FakeImageArea();
  /** Registry browsing: repositories, tags, a manifest, and the deletes asked for. */
  registry = new FakeRegistryArea();
  /** The volumes area; a test sets its rows and reads what was asked. */
  volumes = new FakeVolumeArea();
  /** What `topology.map` answers; `reach` answers with `reachAnswer` and records each ask. */
  topology: Topology = { networks: [], containers: [] };
  topologyCalls = 0;
  reaches: { from: string; to: string }[] = [];
  reachAnswer: ((from: string, to: string) => Reach) | null = null;
  /** What `ports.list` answers. */
  ports: PortEntry[] = [];
  portsCalls = 0;
  registries = new FakeRegistries();
  /** The disk page's answers (`testing/fake-disk.ts`). */
  disk = new FakeDiskArea();
  /** Learn's answers (`testing/fake-learn.ts`). */
  learn = new FakeLearnArea();
  /** The logs area: its streams, sources, pages and saves (`testing/fake-logs.ts`). */
  logs = new FakeLogsArea();
  /** Pull and push streams (`testing/fake-pull.ts`). */
  pull = new FakePullArea();
  /** Builds (`testing/fake-build.ts`). */
  build = new FakeBuildArea();
  /** Stats streams, top and diff (`testing/fake-inside.ts`). */
  inside = new FakeInsideArea();
  /** A container's files (`testing/fake-container-files.ts`). */
  containerFiles = new FakeContainerFilesArea();
  /** The terminals opened, and what was typed into them (`testing/fake-exec.ts`). */
  exec = new FakeExecArea();
  /** The namespaces tab's answers (`testing/fake-namespaces.ts`). */
  namespaces = new FakeNamespacesArea();
  /** Image history and layer analysis (`testing/fake-image-layers.ts`). */
  imageLayers = new FakeImageLayersArea();
  /** Save, load, import and search answers (`testing/fake-image-files.ts`). */
  imageFiles = new FakeImageFilesArea();
  /** Layers tied to lines after a build (`testing/fake-build-layers.ts`). */
  buildLayers = new FakeBuildLayersArea();
  /** Text files with revisions and the folder dialog (`testing/fake-dockerfiles.ts`). */
  dockerfiles = new FakeDockerfilesArea();
  /** Compose loads and the compose file dialog (`testing/fake-compose.ts`). */
  compose = new FakeComposeArea();
  /** Compose projects on the engine (`testing/fake-compose-stacks.ts`). */
  composeStacks = new FakeComposeStacksArea();
  /** Swarm services and their tasks (`testing/fake-services.ts`). */
  services = new FakeServicesArea();
  /** Swarm mode: status, init, join lines, leave (`testing/fake-swarm.ts`). */
  swarm = new FakeSwarmArea();
  #client: Client | null = null;

  pushStatus(s: EngineStatus) {
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
  pushChange(c: ResourcesChanged) {
    for (const l of this.changeListeners) l(c);
  }
  /** Pushes a change to the kept list the way the backend does, applying it to `rows` too. */
  pushDelta(d: Delta<ContainerRow>) {
    if (d.kind === 'reset') {
      this.rows = d.rows;
    } else {
      const ids = new Set([...d.upserted.map((r) => r.id), ...d.removed]);
      this.rows = [...this.rows.filter((r) => !ids.has(r.id)), ...d.upserted];
    }
    this.version = d.version;
    for (const l of this.deltaListeners) l(d);
  }
  pushFeed(m: EventFeedMessage) {
    for (const l of this.feedListeners) l({ type: 'data', data: m });
  }

  async #transfer(
    action: VolumeFileAction,
    name: string,
    target: string,
    host: string[],
    flag: boolean,
    send: Listener<TransferMessage>,
  ) {
    const t: FakeTransfer = { action, name, target, host, flag, send, cancelled: false };
    this.transfers.push(t);
    return {
      id: 200 + this.transfers.length,
      cancel: async () => {
        t.cancelled = true;
      },
    };
  }

  /** The fake client, one per backend: a test may replace any call on it. */
  client(): Client {
    this.#client ??= this.#build();
    return this.#client;
  }

  #build(): Client {
    return {
      settings: {
        get: async () => this.uiSettings,
        setTheme: async (theme: Theme) => {
          this.themesKept.push(theme);
          return null;
        },
        setLastView: async (view: string) => {
          this.viewsKept.push(view);
          return null;
        },
        setListView: async (list: string, view: ListView) => {
          this.listViewsKept.push({ list, view });
          return null;
        },
        memory: async () => this.appMemory,
      },
      cli: {
        dockerLine: async (args: string[]) => ['docker', ...args].join(' '),
      },
      engine: {
        status: async () => this.status,
        info: async () => {
          this.infoCalls++;
          return this.info;
        },
        diskUsage: async () => ({
          images: { total: 3, active: 1, sizeBytes: 2_000_000, reclaimableBytes: 500_000 },
          containers: { total: 5, active: 2, sizeBytes: 1000, reclaimableBytes: 0 },
          volumes: { total: 4, active: 1, sizeBytes: 0, reclaimableBytes: 0 },
          buildCache: { total: 0, active: 0, sizeBytes: 0, reclaimableBytes: 0 },
        }),
        endpoints: async () => this.status.attempts,
        retry: async () => undefined,
        useEndpoint: async () => null,
        switchTo: async (target) => {
          this.switches.push(target);
          return null;
        },
        choices: async () => this.engineChoices,
        settingsProblem: async () => this.settingsProblem,
        firstPaint: async () => {
          this.firstPaints++;
        },
        onStatus: async (cb: Listener<EngineStatus>) => {
          this.statusListeners.push(cb);
          return () => (this.statusListeners = this.statusListeners.filter((l) => l !== cb));
        },
        onResourcesChanged: async (cb: Listener<ResourcesChanged>) => {
          this.changeListeners.push(cb);
          return () => (this.changeListeners = this.changeListeners.filter((l) => l !== cb));
        },
      },
      engineEvents: {
        follow: async (cb: Listener<EventFeedStreamMessage>) => {
          this.feedListeners.push(cb);
          const id = this.feedListeners.length;
          return {
            id,
            cancel: async () => {
              this.cancelled.push(id);
              this.feedListeners = this.feedListeners.filter((l) => l !== cb);
            },
          };
        },
        followFiltered: async (filter: EventFilter, send: Listener<EventFeedStreamMessage>) => {
          const feed = { filter, send, cancelled: false };
          this.filteredFeeds.push(feed);
          return {
            id: 100 + this.filteredFeeds.length,
            cancel: async () => {
              feed.cancelled = true;
            },
          };
        },
        query: async (query: EventQuery) => {
          this.queries.push(query);
          return this.window;
        },
        command: async (query: EventQuery) =>
          ['docker events', ...(query.filter?.kinds ?? []).map((k) => `--filter type=${k}`)].join(
            ' ',
          ),
        chooseExportPath: async () => this.eventsExportPath,
        exportLines: async (destination: string, events: EngineEvent[], replace: boolean) => {
          this.eventsExported.push({ destination, events, replace });
          return events.length;
        },
      },
      containers: {
        list: async () => ({ rows: this.rows, version: this.version }),
        onChanged: async (cb: Listener<Delta<ContainerRow>>) => {
          this.deltaListeners.push(cb);
          return () => (this.deltaListeners = this.deltaListeners.filter((l) => l !== cb));
        },
        inspect: async (id: string) => {
          this.inspected.push(id);
          const d = this.details[id];
          if (!d) throw new Error(`No such container: ${id}`);
          return d;
        },
        actionPreview: async (action: ContainerAction, targets: string[]) => ({
          commands: targets.map((t) => `docker ${action.kind} ${t}`),
          problem: null,
        }),
        removalPreview: async (ids: string[]) =>
          this.rows
            .filter((r) => ids.includes(r.id))
            .map((r) => ({
              id: r.id,
              name: r.name,
              state: r.state,
              writableLayerBytes: null,
              anonymousVolumes: [],
            })),
        act: async (id: string, action: ContainerAction, seen: ContainerState | null) => {
          this.acted.push({ id, action, seen });
          const name = this.rows.find((r) => r.id === id)?.name ?? id;
          return { exitCode: null, command: `docker ${action.kind} ${name}` };
        },
        waitForExit: unanswered('containers.waitForExit'),
        followStats: async (id: string, send: Listener<StatsMessage>) => {
          const stream = { id, send, cancelled: false };
          this.statsStreams.push(stream);
          return {
            id: this.statsStreams.length,
            cancel: async () => {
              stream.cancelled = true;
            },
          };
        },
        openPort: async () => null,
        exportCommand: async (target: string, destination: string) =>
          `docker export --output ${destination} ${target}`,
        export: unanswered('containers.export'),
      },
      run: {
        preview: (form: RunForm) => this.run.preview(form),
        run: (form: RunForm) => this.run.run(form),
        parse: unanswered('run.parse'),
        flagHelp: async () => [],
        choices: async () => this.run.choices,
        updatePreview: unanswered('run.updatePreview'),
        commitPreview: unanswered('run.commitPreview'),
        commit: unanswered('run.commit'),
        update: unanswered('run.update'),
        recreatePlan: unanswered('run.recreatePlan'),
        recreate: (_id: string, form: RunForm) => this.run.run(form),
        envLines: async () => ({ rows: [], errors: [], notes: [] }),
        envFile: async () => null,
      },
      containerFiles: this.containerFiles.api(),
      volumeFiles: {
        list: async (name: string, path: string) => {
          const held = this.volumeFolders[`${name}:${path}`];
          if (!held) throw new Error(`path: ${path || '/'} is not in the volume`);
          return held;
        },
        command: async (name: string, path: string, host: string, action: VolumeFileAction) =>
          `docker ${action} ${name}:${path} ${host}`,
        choose: async (_name: string, action: VolumeFileAction) =>
          this.volumeChoices[action] ?? null,
        download: (name: string, path: string, dest: string, send: Listener<TransferMessage>) =>
          this.#transfer('download', name, path, [dest], false, send),
        upload: (name: string, path: string, sources: string[], send: Listener<TransferMessage>) =>
          this.#transfer('upload', name, path, sources, false, send),
        backup: (name: string, dest: string, replace: boolean, send: Listener<TransferMessage>) =>
          this.#transfer('backup', name, dest, [dest], replace, send),
        restore: (name: string, src: string, overwrite: boolean, send: Listener<TransferMessage>) =>
          this.#transfer('restore', name, src, [src], overwrite, send),
      },
      files: {
        chooseExportPath: async () => null,
        chooseFolder: async () => null,
      },
      networks: this.networks.api(),
      volumes: this.volumes.area(),
      images: this.images.area(),
      registryBrowse: this.registry.area(),
      topology: {
        map: async () => {
          this.topologyCalls++;
          return this.topology;
        },
        reach: async (from: string, to: string) => {
          this.reaches.push({ from, to });
          if (!this.reachAnswer) throw new Error('no answer for topology.reach');
          return this.reachAnswer(from, to);
        },
      },
      ports: {
        list: async () => {
          this.portsCalls++;
          return this.ports;
        },
      },
      learn: learnClientOf(() => this.learn),
      disk: {
        usage: () => this.disk.usage(),
        prunePreview: (options) => this.disk.prunePreview(options),
        prune: (options, seen) => this.disk.prune(options, seen),
      },
      logs: this.logs.area(),
      inside: this.inside.area(),
      exec: this.exec.api(),
      namespaces: this.namespaces.api(),
      registries: this.registries.area(),
      imageLayers: this.imageLayers.area(),
      imageFiles: this.imageFiles.api(),
      pull: this.pull.area(),
      buildLayers: this.buildLayers.area(),
      dockerfiles: this.dockerfiles.api(),
      build: this.build.area(),
      compose: this.compose.area(),
      composeStacks: this.composeStacks.area(),
      services: this.services.area(),
      swarm: this.swarm.area(),
    };
  }
}

// The run form's part of the backend (`run` in the client).

export function makeRunPreview(over: Partial<RunPreview> = {}): RunPreview {
  return {
    commandLine: 'docker run -d busybox:1',
    parts: [
      { text: 'docker run', help: 'Create and start a container' },
      { text: '-d', help: 'In the background' },
      { text: 'busybox:1', help: 'The image' },
    ],
    errors: [],
    warnings: [],
    ...over,
  };
}

/** The `run` area: previews answered by `answer` (the test swaps it), runs recorded. */
export class FakeRunArea {
  previews: RunForm[] = [];
  runs: RunForm[] = [];
  answer: (form: RunForm) => RunPreview = () => makeRunPreview();
  outcome: RunOutcome = {
    id: 'c0ffee',
    name: 'quirky_fox',
    started: true,
    startError: null,
    warnings: [],
  };

  choices = { images: ['busybox:1'], volumes: ['data'], networks: ['bridge'] };

  async preview(form: RunForm): Promise<RunPreview> {
    this.previews.push(form);
    return this.answer(form);
  }
  async run(form: RunForm): Promise<RunOutcome> {
    this.runs.push(form);
    return this.outcome;
  }
}
