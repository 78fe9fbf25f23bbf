// Swarm services: list, inspect, create, update and rollback (streams of the rollout: tasks
// replaced so far and each task's state, until the engine says completed, paused or rolled
// back), scale, remove with its preview, tasks (`docker service ps`) and logs (`docker service
// logs`, in the same batches as a container's logs). Each action has its `docker service …`
// line. The list is not kept in the backend: re-read it on Service, Container and Node notices
// (stores/refetched), it is one engine call.
import {
  commands,
  type CommandPreview,
  type LogBatch,
  type LogsEnd,
  type ServiceDetail,
  type ServiceForm,
  type ServiceLogsRequest,
  type ServiceOutcome,
  type ServiceRemovePreview,
  type ServiceRow,
  type ServiceUpdateEnd,
  type ServiceUpdateEvent,
  type TaskRow,
  type UpdatePolicy,
} from './bindings';
import { openStream, unwrap, type StreamHandle, type StreamMessage } from './core';

/** What an update or rollback stream carries: looks at the rollout, then how it ended. A
 *  cancelled watch ends with `stoppedWatching: true`: the engine carries on. */
export type ServiceUpdateMessage = StreamMessage<ServiceUpdateEvent, ServiceUpdateEnd>;
/** What a service logs stream carries: the log viewer's batches. */
export type ServiceLogsMessage = StreamMessage<LogBatch, LogsEnd>;

/** The CLI's defaults for `--update-*` and `--rollback-*`. */
export function defaultUpdatePolicy(): UpdatePolicy {
  return {
    parallelism: 1,
    delayNs: 0,
    failureAction: 'pause',
    order: 'stop-first',
    monitorNs: 5_000_000_000,
    maxFailureRatio: 0,
  };
}

/** An empty create form with the CLI's defaults (one replica, restart on any exit). */
export function emptyServiceForm(): ServiceForm {
  return {
    name: '',
    image: '',
    command: null,
    entrypoint: null,
    env: [],
    workdir: '',
    user: '',
    hostname: '',
    labels: [],
    containerLabels: [],
    mode: { replicated: { replicas: 1 } },
    ports: [],
    mounts: [],
    networks: [],
    limits: { cpus: null, memoryBytes: null },
    reservations: { cpus: null, memoryBytes: null },
    restart: { condition: 'any', maxAttempts: null, delayNs: 5_000_000_000 },
    update: defaultUpdatePolicy(),
    rollback: defaultUpdatePolicy(),
    constraints: [],
    secrets: [],
    configs: [],
  };
}

export const services = {
  /** `docker service ls`, each with running/desired task counts. */
  list: (): Promise<ServiceRow[]> => unwrap(commands.serviceList()),
  /** `docker service inspect`: the row, the spec as the form, `canRollback`, the JSON. */
  inspect: (id: string): Promise<ServiceDetail> => unwrap(commands.serviceInspect(id)),
  /** The `docker service create …` line, or the form's field errors. */
  createCommand: (form: ServiceForm): Promise<CommandPreview> =>
    commands.serviceCreateCommand(form),
  /** The `docker service update …` line from the service as it is to this form. */
  updateCommand: (id: string, form: ServiceForm): Promise<CommandPreview> =>
    unwrap(commands.serviceUpdateCommand(id, form)),
  scaleCommand: (name: string, replicas: number): Promise<string> =>
    commands.serviceScaleCommand(name, replicas),
  rollbackCommand: (name: string): Promise<string> => commands.serviceRollbackCommand(name),
  /** `docker service ps [--filter desired-state=running] NAME` (null: every service). */
  tasksCommand: (name: string | null, history: boolean): Promise<string> =>
    commands.serviceTasksCommand(name, history),
  logsCommand: (name: string, request: ServiceLogsRequest): Promise<string> =>
    commands.serviceLogsCommand(name, request),
  /** Creates the service; the outcome has its id, the command and the engine's warnings. */
  create: (form: ServiceForm): Promise<ServiceOutcome> => unwrap(commands.serviceCreate(form)),
  /** Sends the new spec, then watches the rollout; cancelling stops the watching only. */
  update: (
    id: string,
    form: ServiceForm,
    on: (m: ServiceUpdateMessage) => void,
  ): Promise<StreamHandle> => openStream((ch) => unwrap(commands.serviceUpdate(id, form, ch)), on),
  /** Goes back to the previous spec and watches the rollout like an update. */
  rollback: (id: string, on: (m: ServiceUpdateMessage) => void): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.serviceRollback(id, ch)), on),
  scale: (id: string, replicas: number): Promise<ServiceOutcome> =>
    unwrap(commands.serviceScale(id, replicas)),
  /** Exactly what a remove takes away (the service and its tasks), with the command. */
  removePreview: (id: string): Promise<ServiceRemovePreview> =>
    unwrap(commands.serviceRemovePreview(id)),
  remove: (id: string): Promise<ServiceOutcome> => unwrap(commands.serviceRemove(id)),
  /** `docker service ps`: one service's tasks (null: all), with history or only those meant
   *  to run. */
  tasks: (serviceId: string | null, history: boolean): Promise<TaskRow[]> =>
    unwrap(commands.serviceTasks(serviceId, history)),
  /** Follows the service's logs; each line's `source` is its task's slot − 1 (a global
   *  service: its node's place in `logSources`). */
  logs: (request: ServiceLogsRequest, on: (m: ServiceLogsMessage) => void): Promise<StreamHandle> =>
    openStream((ch) => unwrap(commands.serviceLogs(request, ch)), on),
};
