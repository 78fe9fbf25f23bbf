// The engine's connection, facts and disk use, and the notices the backend pushes about it.
import {
  commands,
  events,
  type DiskUsage,
  type EndpointAttempt,
  type EngineInfo,
  type EngineChoice,
  type EngineStatus,
  type EngineTarget,
  type ResourcesChanged,
  type StartupMarks,
} from './bindings';
import { unwrap, type Unlisten } from './core';

export const engine = {
  status: (): Promise<EngineStatus> => commands.engineStatus(),
  info: (): Promise<EngineInfo> => unwrap(commands.engineInfo()),
  diskUsage: (): Promise<DiskUsage> => unwrap(commands.engineDiskUsage()),
  endpoints: (): Promise<EndpointAttempt[]> => unwrap(commands.engineEndpoints()),
  retry: (): Promise<void> => commands.engineRetry(),
  useEndpoint: (host: string | null): Promise<null> => unwrap(commands.engineUseEndpoint(host)),
  /** Leaves the current engine for `target` (and remembers it for the next start). */
  switchTo: (target: EngineTarget): Promise<null> => unwrap(commands.engineSwitch(target)),
  /** What the switcher offers: the configured engine, the docker contexts, sockets found. */
  choices: (): Promise<EngineChoice[]> => unwrap(commands.engineChoices()),
  /** Why the settings file was set aside at start, if it was. */
  settingsProblem: (): Promise<string | null> => commands.settingsProblem(),
  /** Tells the backend the home screen has painted (it logs the start-up time). */
  firstPaint: (marks: StartupMarks): Promise<void> => commands.appFirstPaint(marks),
  onStatus: (cb: (s: EngineStatus) => void): Promise<Unlisten> =>
    events.engineStatusChanged.listen((e) => cb(e.payload)),
  onResourcesChanged: (cb: (c: ResourcesChanged) => void): Promise<Unlisten> =>
    events.resourcesChangedEvent.listen((e) => cb(e.payload)),
};
