// The shapes the Compose area's parts agree on (COMMON.md's IPC contract), from the generated
// bindings of the compose crate; views and the session import them from here.
export type {
  BuildDef,
  ComposeLoad,
  ComposeModel,
  ComposeRequest,
  DependCondition,
  Dependency,
  Diagnostic,
  Healthcheck,
  NetworkDef,
  PortDef,
  QuickFix,
  Service,
  ServiceNetwork,
  ServiceVolume,
  Severity,
  TextEdit,
  VariableFrom,
  VariableUse,
  VolumeDef,
  VolumeKind,
} from '$lib/ipc/client';
export type { Span } from '$lib/components/dockerfiles/contracts';
