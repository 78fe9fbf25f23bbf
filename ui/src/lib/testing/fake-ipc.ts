// A fake of `$lib/ipc/client` for component and store tests: tests push status changes,
// resource changes and feed messages the way the backend would.
import type { EngineInfo, EngineStatus, EventFeedMessage, ResourcesChanged } from '$lib/ipc/client';
import type { RunForm, RunOutcome, RunPreview } from '$lib/ipc/client';

type Listener<T> = (v: T) => void;

export function makeStatus(over: Partial<EngineStatus> = {}): EngineStatus {
  return {
    state: 'connected',
    endpoint: { host: 'unix:///var/run/docker.sock', source: { kind: 'platformDefault' } },
    attempts: [],
    everConnected: true,
    lastError: null,
    platform: 'linux',
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

export class FakeBackend {
  status: EngineStatus = makeStatus();
  info: EngineInfo = makeInfo();
  infoCalls = 0;
  firstPaints = 0;
  cancelled: number[] = [];
  statusListeners: Listener<EngineStatus>[] = [];
  changeListeners: Listener<ResourcesChanged>[] = [];
  feedListeners: Listener<EventFeedMessage>[] = [];

  pushStatus(s: EngineStatus) {
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
  pushChange(c: ResourcesChanged) {
    for (const l of this.changeListeners) l(c);
  }
  pushFeed(m: EventFeedMessage) {
    for (const l of this.feedListeners) l(m);
  }

  client() {
    return {
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
        follow: async (cb: Listener<EventFeedMessage>) => {
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
      },
    };
  }
}

// --- The run form's area (`run` in the client), added for the run form's component tests. ---

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

  client() {
    return {
      preview: async (form: RunForm) => {
        this.previews.push(form);
        return this.answer(form);
      },
      run: async (form: RunForm) => {
        this.runs.push(form);
        return this.outcome;
      },

      flagHelp: async () => [],
      choices: async () => ({ images: ['busybox:1'], volumes: ['data'], networks: ['bridge'] }),
      envLines: async () => ({ rows: [], errors: [], notes: [] }),
      envFile: async () => null,
      recreatePlan: async () => {
        throw new Error('not a recreate');
      },
      recreate: async () => this.outcome,
    };
  }
}
