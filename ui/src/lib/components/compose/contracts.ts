// The shapes the Compose area's parts agree on (COMMON.md's IPC contract). Written here until
// the compose crate's types reach the IPC bindings; then each becomes a re-export from
// `$lib/ipc/client`, so views and the session keep importing from here.
import type { Diagnostic, Span, TextEdit } from '$lib/components/dockerfiles/contracts';

export type { Diagnostic, Span, TextEdit };

/** What the loader is asked: the text being edited and the `docker compose` options. */
export interface ComposeRequest {
  text: string;
  /** The file being edited, absolute; null for a new unsaved file. */
  path: string | null;
  /** Default: the folder of `path`. */
  projectDir: string | null;
  /** `--env-file`s; empty = `<projectDir>/.env` if it exists. */
  envFiles: string[];
  /** More `-f` files, merged after. */
  overrides: string[];
  profiles: string[];
  /** `-p`; default: the `name:` key, else the folder's name, normalised. */
  projectName: string | null;
}

/** One `${VAR}` in the text and where its value came from. */
export interface VariableUse {
  name: string;
  span: Span;
  value: string | null;
  from: 'process' | 'envFile' | 'default' | 'unset';
}

export interface BuildDef {
  context: string;
  dockerfile: string | null;
  args: [string, string | null][];
  target: string | null;
}

export interface PortDef {
  hostIp: string | null;
  published: string | null;
  target: string;
  protocol: string;
}

export interface ServiceVolume {
  kind: 'volume' | 'bind' | 'tmpfs';
  source: string | null;
  target: string;
  readOnly: boolean;
}

export interface Dependency {
  service: string;
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  restart: boolean;
  required: boolean;
}

export interface Service {
  name: string;
  span: Span;
  image: string | null;
  build: BuildDef | null;
  containerName: string | null;
  command: string[] | null;
  environment: [string, string | null][];
  ports: PortDef[];
  volumes: ServiceVolume[];
  dependsOn: Dependency[];
  restart: string | null;
  replicas: number;
  profiles: string[];
}

export interface NetworkDef {
  key: string;
  name: string;
  external: boolean;
  span: Span | null;
}

export interface VolumeDef {
  key: string;
  name: string;
  external: boolean;
  span: Span | null;
}

/** The resolved model of a project. */
export interface ComposeModel {
  name: string;
  workingDir: string;
  configFiles: string[];
  envFiles: string[];
  services: Service[];
  networks: NetworkDef[];
  volumes: VolumeDef[];
}

/** What `compose_load` answers. */
export interface ComposeLoad {
  model: ComposeModel | null;
  diagnostics: Diagnostic[];
  /** The resolved YAML (`docker compose config`); null when the text cannot be resolved. */
  config: string | null;
  /** Every file read. */
  files: string[];
  variables: VariableUse[];
}
