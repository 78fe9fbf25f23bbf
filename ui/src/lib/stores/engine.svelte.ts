// The engine's connection state and facts. Status comes pushed from the backend; facts are
// refetched when the engine (re)connects or when a kind they count changes. No timers.
import { errorMessage } from '$lib/format';
import { Folded } from './folded';
import {
  engine,
  type DiskUsage,
  type EngineInfo,
  type EngineStatus,
  type ResourceKind,
  type Unlisten,
} from '$lib/ipc/client';

/** Kinds whose changes alter what the home screen counts. */
const COUNTED: ResourceKind[] = ['container', 'image', 'volume', 'network', 'daemon', 'node'];

export class EngineStore {
  status = $state<EngineStatus | null>(null);
  info = $state<EngineInfo | null>(null);
  infoError = $state<string | null>(null);
  diskUsage = $state<DiskUsage | null>(null);
  diskUsageError = $state<string | null>(null);
  measuringDisk = $state(false);

  /** When the first status and facts arrived (ms since the page began loading). */
  firstStatusMs: number | null = null;
  firstInfoMs: number | null = null;

  #unlisten: Unlisten[] = [];
  #info = new Folded(async () => {
    try {
      this.info = await engine.info();
      this.firstInfoMs ??= performance.now();
      this.infoError = null;
    } catch (e) {
      this.infoError = errorMessage(e);
    }
  });

  get connected(): boolean {
    return this.status?.state === 'connected';
  }

  async start(): Promise<void> {
    this.#unlisten.push(await engine.onStatus((s) => this.#setStatus(s)));
    this.#unlisten.push(
      await engine.onResourcesChanged((c) => {
        if (c.reconcile || c.kinds.some((k) => COUNTED.includes(k))) void this.refreshInfo();
      }),
    );
    this.#setStatus(await engine.status());
  }

  stop(): void {
    for (const u of this.#unlisten.splice(0)) u();
  }

  #setStatus(s: EngineStatus): void {
    this.firstStatusMs ??= performance.now();
    const was = this.status?.state;
    this.status = s;
    if (s.state === 'connected' && was !== 'connected') void this.refreshInfo();
  }

  /** Refetches the facts; calls that arrive while one runs are folded into one more run. */
  refreshInfo(): Promise<void> {
    return this.#info.ask();
  }

  async measureDiskUsage(): Promise<void> {
    this.measuringDisk = true;
    this.diskUsageError = null;
    try {
      this.diskUsage = await engine.diskUsage();
    } catch (e) {
      this.diskUsageError = errorMessage(e);
    } finally {
      this.measuringDisk = false;
    }
  }

  retry(): Promise<void> {
    return engine.retry();
  }
}
