// The typed IPC client the components and stores call, one file per area (engine, events,
// containers, run, files, images, networks, volumes, volume_files, topology, ports, disk, logs, exec,
// stats, container_files, namespaces) over a small core (errors,
// streams). With bindings.ts these are the only modules that know about Tauri; fallible
// commands throw a TugboatError whose `code` callers branch on. A new area adds its file and
// one line in `client` below.
import { containerFiles } from './container_files';
import { containers } from './containers';
import { disk } from './disk';
import { engine } from './engine';
import { engineEvents } from './events';
import { exec } from './exec';
import { files } from './files';
import { images } from './images';
import { logs } from './logs';
import { namespaces } from './namespaces';
import { networks } from './networks';
import { ports } from './ports';
import { run } from './run';
import { inside } from './stats';
import { topology } from './topology';
import { volumeFiles } from './volume_files';
import { volumes } from './volumes';

export { TugboatError, type StreamHandle, type Unlisten } from './core';
export type { StreamMessage } from './stream';
export type { EventFeedStreamMessage } from './events';
export type { ExportMessage, StatsMessage, WaitMessage } from './containers';

export type { LogsMessage, LogsSaveMessage } from './logs';
export type { StatsStreamMessage } from './stats';
export type { TransferMessage, VolumeFile } from './volume_files';
export type { TerminalMessage } from './exec';

export {
  containerFiles,
  containers,
  disk,
  engine,
  engineEvents,
  exec,
  files,
  images,
  logs,
  inside,
  namespaces,
  networks,
  ports,
  run,
  topology,
  volumeFiles,
  volumes,
};

/** Every area at once: what a test fake stands in for (`Client` keeps it from drifting). */
export const client = {
  engine,
  engineEvents,
  containers,
  containerFiles,
  run,
  files,
  images,
  networks,
  volumes,
  volumeFiles,
  topology,
  ports,
  disk,
  logs,
  inside,
  exec,
  namespaces,
};
export type Client = typeof client;

export type {
  ActionOutcome,
  ActionPreview,
  ArgPart,
  EnvRow,
  LabelRow,
  LimitsForm,
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
  Delta,
  PublishedPort,
  RemovalItem,
  CacheUsage,
  ContainerUsage,
  DiskBreakdown,
  DiskUsage,
  ImageUsage,
  PruneItem,
  PruneKept,
  PrunePart,
  PrunePartPreview,
  PrunePartResult,
  SystemPruneOptions,
  SystemPrunePreview,
  SystemPruneResult,
  VolumeUsage,
  EndpointAttempt,
  EngineEvent,
  EngineInfo,
  EngineStatus,
  EventFeedMessage,
  EventFilter,
  EventQuery,
  EventWindow,
  TransferOutcome,
  TransferProgress,
  CopyWay,
  FileEntry,
  FileKind,
  FilePeek,
  VolumeFileAction,
  IpcErrorCode,
  ResourceCounts,
  ResourceKind,
  ResourcesChanged,
  Snapshot,
  UsageRow,
  AddressPool,
  ImageDetails,
  ImageRow,
  NetworkConnectForm,
  NetworkCreateForm,
  NetworkDetails,
  NetworkDriver,
  NetworkEndpoint,
  NetworkMember,
  NetworkOutcome,
  NetworkRow,
  PruneFilter,
  PruneOutcome,
  PrunePreview,
  PrunedNetwork,
  PruneCandidate,
  VolumeDetails,
  VolumeForm,
  VolumeOutcome,
  VolumePruneFilters,
  VolumePruneOutcome,
  VolumePrunePreview,
  VolumeRow,
  VolumeSize,
  VolumeUser,
  Topology,
  MapNetwork,
  MapContainer,
  Member,
  LinkName,
  NetworkKind,
  Reach,
  ReachName,
  SharedNetwork,
  LiveLookup,
  LiveStatus,
  NameRoute,
  PortEntry,
  LogBatch,
  LogLine,
  LogSource,
  LogStream,
  LogsEnd,
  LogsRequest,
  SaveEnd,
  SaveProgress,
  ProcessTable,
  ContainerChanges,
  ChangeNode,
  ChangeKind,
  InsideCommands,
  ExecForm,
  ExecPreview,
  ExecRequest,
  TerminalEnd,
  TerminalOutput,
  Namespaces,
  Fact,
  CgroupLimit,
  InsideProcess,
  HostProcess,
  PidPair,
  LimitKind,
} from './bindings';
