// PROVISIONAL: the services IPC as the contract in COMMON.md describes it, until h2's
// `ipc/services.ts` and bindings land; then this file only re-exports them.
import type { LogsMessage, StreamHandle } from '$lib/ipc/client';

export interface ServicePort {
  published: number | null;
  target: number;
  protocol: string;
  mode: 'ingress' | 'host';
}
export interface ServiceRow {
  id: string;
  name: string;
  mode: 'replicated' | 'global';
  desired: number | null;
  running: number;
  image: string;
  ports: ServicePort[];
  stack: string | null;
  updateState: string | null;
  createdAt: number;
  updatedAt: number;
}
export interface TaskRow {
  id: string;
  serviceId: string;
  serviceName: string;
  slot: number | null;
  nodeId: string;
  node: string;
  state: string;
  desiredState: string;
  error: string | null;
  message: string;
  containerId: string | null;
  image: string;
  createdAt: number;
  updatedAt: number;
}
import type { MountRow } from '$lib/ipc/client';
export type ServiceMode = { replicated: { replicas: number } } | 'global';
export type PublishMode = 'ingress' | 'host';
export interface ServicePortForm {
  published: number | null;
  target: number;
  protocol: string;
  mode: PublishMode;
}
export interface ServiceResources {
  cpus: number | null;
  memoryBytes: number | null;
}
export type RestartCondition = 'none' | 'on-failure' | 'any';
export interface ServiceRestart {
  condition: RestartCondition;
  maxAttempts: number | null;
  delayNs: number;
}
export type FailureAction = 'pause' | 'continue' | 'rollback';
export type UpdateOrder = 'stop-first' | 'start-first';
export interface UpdatePolicy {
  parallelism: number;
  delayNs: number;
  failureAction: FailureAction;
  order: UpdateOrder;
  monitorNs: number;
  maxFailureRatio: number;
}
export interface ObjectRef {
  source: string;
  target: string | null;
}
export interface ServiceForm {
  name: string;
  image: string;
  command: string[] | null;
  entrypoint: string[] | null;
  env: [string, string][];
  workdir: string;
  user: string;
  hostname: string;
  labels: [string, string][];
  containerLabels: [string, string][];
  mode: ServiceMode;
  ports: ServicePortForm[];
  mounts: MountRow[];
  networks: string[];
  limits: ServiceResources;
  reservations: ServiceResources;
  restart: ServiceRestart;
  update: UpdatePolicy;
  rollback: UpdatePolicy;
  constraints: string[];
  secrets: ObjectRef[];
  configs: ObjectRef[];
}
export interface CommandPreview {
  commandLine: string;
  errors: { field: string; message: string }[];
}
export interface ServiceDetail {
  row: ServiceRow;
  form: ServiceForm;
  canRollback: boolean;
  raw: string;
}
export interface ServiceRemovePreview {
  service: ServiceRow;
  tasks: TaskRow[];
  command: string;
}
export interface ServiceUpdateEvent {
  state: string | null;
  message: string | null;
  replaced: number;
  total: number;
  running: number;
  tasks: TaskRow[];
}
export type { LogsMessage, StreamHandle };
export interface ServiceLogsRequest {
  id: string;
  tail: number | null;
  since: string | null;
  follow: boolean;
  timestamps: boolean;
}
export interface ServiceUpdateEnd {
  state: string | null;
  message: string | null;
  stoppedWatching: boolean;
  command: string;
  warnings: string[];
}
