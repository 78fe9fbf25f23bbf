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
  createdAt: string;
  updatedAt: string;
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
  createdAt: string;
  updatedAt: string;
}
export type ServiceForm = Record<string, unknown>;
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
export type ServiceUpdateEvent = Record<string, unknown>;
export type { LogsMessage, StreamHandle };
export interface ServiceLogsRequest {
  id: string;
  tail: number | null;
  since: string | null;
  follow: boolean;
  timestamps: boolean;
}
