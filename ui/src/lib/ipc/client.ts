// The only module (with bindings.ts) that knows about Tauri. Components and stores call these
// typed functions; fallible commands throw a TugboatError whose `code` they can branch on.
import { openStream, type StreamHandle, type StreamMessage } from './stream';
import {
  commands,
  events,
  type ActionOutcome,
  type ArgPart,
  type ContainerAction,
  type ParsedRun,
  type RunChoices,
  type RunForm,
  type RunOutcome,
  type RunPreview,
  type RecreatePlan,
  type EnvLines,
  type StatsSample,
  type ExportProgressMessage,
  type ExportOutcome,
  type CommitForm,
  type UpdateForm,
  type CommandPreview,
  type ContainerDetails,
  type ContainerRow,
  type ContainerState,
  type RemovalItem,
  type DiskUsage,
  type EndpointAttempt,
  type EngineInfo,
  type EngineStatus,
  type EventFeedMessage,
  type IpcError,
  type IpcErrorCode,
  type ResourcesChanged,
  type StartupMarks,
} from './bindings';

export type {
  ActionOutcome,
  ArgPart,
  EnvRow,
  LabelRow,
  FieldError,
  MountKind,
  MountRow,
  ParsedRun,
  PortRow,
  RunChoices,
  RunForm,
  RunOutcome,
  RunPreview,
  RecreatePlan,
  EnvLines,
  StatsSample,
  ExportProgressMessage,
  ExportOutcome,
  CommitForm,
  UpdateForm,
  CommandPreview,
  ContainerAction,
  ContainerDetails,
  ContainerRow,
  ContainerState,
  PublishedPort,
  RemovalItem,
  DiskUsage,
  EndpointAttempt,
  EngineEvent,
  EngineInfo,
  EngineStatus,
  EventFeedMessage,
  IpcErrorCode,
  ResourceCounts,
  ResourceKind,
  ResourcesChanged,
  UsageRow,
} from './bindings';

export class TugboatError extends Error {
  readonly code: IpcErrorCode;
  constructor(err: IpcError) {
    super(err.message);
    this.name = 'TugboatError';
    this.code = err.code;
  }
}

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const r = await call;
  if (r.status === 'error') throw new TugboatError(r.error);
  return r.data;
}

export type Unlisten = () => void;

export type { StreamHandle, StreamMessage };
/** What each stream's channel carries (see `./stream`). */
export type EventFeedStreamMessage = StreamMessage<EventFeedMessage, null>;
export type StatsMessage = StreamMessage<StatsSample, string>;
export type WaitMessage = StreamMessage<null, number>;
export type ExportMessage = StreamMessage<ExportProgressMessage, ExportOutcome>;

export const engine = {
  status: (): Promise<EngineStatus> => commands.engineStatus(),
  info: (): Promise<EngineInfo> => unwrap(commands.engineInfo()),
  diskUsage: (): Promise<DiskUsage> => unwrap(commands.engineDiskUsage()),
  endpoints: (): Promise<EndpointAttempt[]> => unwrap(commands.engineEndpoints()),
  retry: (): Promise<void> => commands.engineRetry(),
  useEndpoint: (host: string | null): Promise<null> => unwrap(commands.engineUseEndpoint(host)),
  /** Tells the backend the home screen has painted (it logs the start-up time). */
  firstPaint: (marks: StartupMarks): Promise<void> => commands.appFirstPaint(marks),
  onStatus: (cb: (s: EngineStatus) => void): Promise<Unlisten> =>
    events.engineStatusChanged.listen((e) => cb(e.payload)),
  onResourcesChanged: (cb: (c: ResourcesChanged) => void): Promise<Unlisten> =>
    events.resourcesChangedEvent.listen((e) => cb(e.payload)),
};

export const engineEvents = {
  /** Opens the live event feed: a backlog first (`replay: true`), then live batches. */
  follow: (onMessage: (m: EventFeedStreamMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.eventsFollow(channel)), onMessage),
};

export const containers = {
  list: (all = true): Promise<ContainerRow[]> => unwrap(commands.containerList(all)),
  /** Just these containers' rows; gone ones are absent. */
  listById: (ids: string[]): Promise<ContainerRow[]> => unwrap(commands.containerListById(ids)),
  inspect: (id: string): Promise<ContainerDetails> => unwrap(commands.containerInspect(id)),
  /** The docker CLI command an action equals. */
  command: (action: ContainerAction, target: string): Promise<string> =>
    commands.containerActionCommand(action, target),
  /** What is wrong with an action's arguments (name, signal, timeout), or null. */
  problem: (action: ContainerAction): Promise<string | null> =>
    commands.containerActionProblem(action),
  removalPreview: (ids: string[]): Promise<RemovalItem[]> =>
    unwrap(commands.containerRemovalPreview(ids)),
  /** Runs one action; `seen` is the state the user saw, used to explain a refusal. */
  act(id: string, action: ContainerAction, seen: ContainerState | null): Promise<ActionOutcome> {
    switch (action.kind) {
      case 'start':
        return unwrap(commands.containerStart(id, seen));
      case 'stop':
        return unwrap(commands.containerStop(id, action.timeoutSecs, seen));
      case 'restart':
        return unwrap(commands.containerRestart(id, action.timeoutSecs, seen));
      case 'kill':
        return unwrap(commands.containerKill(id, action.signal, seen));
      case 'pause':
        return unwrap(commands.containerPause(id, seen));
      case 'unpause':
        return unwrap(commands.containerUnpause(id, seen));
      case 'remove':
        return unwrap(commands.containerRemove(id, action.force, action.volumes, seen));
      case 'rename':
        return unwrap(commands.containerRename(id, action.newName, seen));
      case 'wait':
        return new Promise((resolve, reject) => {
          containers
            .waitForExit(id, (m) =>
              m.type === 'end'
                ? resolve({ exitCode: m.end })
                : m.type === 'error'
                  ? reject(new TugboatError(m.error))
                  : undefined,
            )
            .catch(reject);
        });
    }
  },
  /** `docker wait`: the stream ends with the exit code (or why the wait failed) when the
   *  container stops. Cancel when the view that waits goes away: that ends the request too. */
  waitForExit: (id: string, onMessage: (m: WaitMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.containerWait(id, channel)), onMessage),
  /** Live CPU/memory of one container; cancel when its row leaves the screen. */
  followStats: (id: string, onMessage: (m: StatsMessage) => void): Promise<StreamHandle> =>
    openStream((channel) => unwrap(commands.containerStatsFollow(id, channel)), onMessage),
  openPort: (hostIp: string | null, hostPort: number): Promise<null> =>
    unwrap(commands.portOpen(hostIp, hostPort)),
  /** The `docker export` command an export equals. */
  exportCommand: (target: string, destination: string): Promise<string> =>
    commands.containerExportCommand(target, destination),
  /** Writes the container's filesystem to `destination`: progress comes as data, the outcome
   *  as the stream's end. A destination not chosen in the save dialog is refused at once. */
  export: (
    id: string,
    destination: string,
    replace: boolean,
    onMessage: (m: ExportMessage) => void,
  ): Promise<StreamHandle> =>
    openStream(
      (channel) => unwrap(commands.containerExport(id, destination, replace, channel)),
      onMessage,
    ),
};

/** The system's own file dialogs, opened by the app itself: the window never names a file
 *  for the app to write or read. Each resolves to the chosen path, or null when the user closes
 *  the dialog without choosing. */
export const files = {
  /** The save dialog for exporting container `name`, opened on `typed` (a path the user typed,
   *  to confirm it there). Only a path chosen here may be exported to. */
  chooseExportPath: (name: string, typed: string): Promise<string | null> =>
    unwrap(commands.containerExportChoose(name, typed)),
  /** A host folder for a bind mount, starting from `from` (or the home folder). */
  chooseFolder: (title: string, from?: string): Promise<string | null> =>
    unwrap(commands.containerChooseFolder(title, from ?? '')),
};

export const run = {
  preview: (form: RunForm): Promise<RunPreview> => unwrap(commands.containerRunPreview(form)),
  run: (form: RunForm): Promise<RunOutcome> => unwrap(commands.containerRun(form)),
  parse: (commandLine: string): Promise<ParsedRun> => commands.containerParseRun(commandLine),
  /** The advanced section's flags, each with the help the preview gives it. */
  flagHelp: (): Promise<ArgPart[]> => commands.containerRunFlagHelp(),
  choices: (): Promise<RunChoices> => unwrap(commands.containerRunChoices()),
  updatePreview: (target: string, form: UpdateForm): Promise<CommandPreview> =>
    commands.containerUpdatePreview(target, form),
  commitPreview: (target: string, form: CommitForm): Promise<CommandPreview> =>
    commands.containerCommitPreview(target, form),
  commit: (id: string, form: CommitForm): Promise<string> =>
    unwrap(commands.containerCommit(id, form)),
  update: (id: string, form: UpdateForm): Promise<null> =>
    unwrap(commands.containerUpdate(id, form)),
  /** A container read back into the form, with what recreating it would drop. */
  recreatePlan: (id: string): Promise<RecreatePlan> => unwrap(commands.containerRecreatePlan(id)),
  /** Swaps the container for one made from the form; on failure the old one is put back. */
  recreate: (id: string, form: RunForm): Promise<RunOutcome> =>
    unwrap(commands.containerRecreate(id, form)),
  /** Pasted NAME=value lines, read as `docker run --env-file` reads them. */
  envLines: (text: string): Promise<EnvLines> => commands.containerEnvLines(text),
  /** Opens the file dialog and reads the env file chosen there the same way; null when the
   *  user closes the dialog. */
  envFile: (): Promise<EnvLines | null> => unwrap(commands.containerEnvFile()),
};
