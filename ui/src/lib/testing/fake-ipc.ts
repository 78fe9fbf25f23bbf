// A fake of `$lib/ipc/client` for component and store tests: tests push status changes,
// resource changes and feed messages the way the backend would.
import type {
  EngineInfo,
  EngineStatus,
  EventFeedMessage,
  EventFeedStreamMessage,
  ResourcesChanged,
} from '$lib/ipc/client';

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
  feedListeners: Listener<EventFeedStreamMessage>[] = [];

  pushStatus(s: EngineStatus) {
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
  pushChange(c: ResourcesChanged) {
    for (const l of this.changeListeners) l(c);
  }
  pushFeed(m: EventFeedMessage) {
    for (const l of this.feedListeners) l({ type: 'data', data: m });
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
      },
    };
  }
}
