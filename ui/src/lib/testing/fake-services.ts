// The services part of the fake backend (`services` in the client): the services and tasks the
// swarm has, inspect answers built from them, and every action recorded. A test may replace any
// call, or push update and log messages through the channels it keeps.
import type {
  ServiceDetail,
  ServiceLogsRequest,
  ServiceRow,
  TaskRow,
  LogsMessage,
  StreamHandle,
} from '$lib/components/swarm/services/api';

export function makeServiceRow(over: Partial<ServiceRow> = {}): ServiceRow {
  return {
    id: 'svc1abcdef012345',
    name: 'web',
    mode: 'replicated',
    desired: 2,
    running: 2,
    image: 'tugboat-fixture/busybox:1',
    ports: [{ published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' }],
    stack: null,
    updateState: null,
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    ...over,
  };
}

export function makeTask(over: Partial<TaskRow> = {}): TaskRow {
  return {
    id: 'task1',
    serviceId: 'svc1abcdef012345',
    serviceName: 'web',
    slot: 1,
    nodeId: 'node1',
    node: 'alpha',
    state: 'running',
    desiredState: 'running',
    error: null,
    message: 'started',
    containerId: 'c1',
    image: 'tugboat-fixture/busybox:1',
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    ...over,
  };
}

export class FakeServicesArea {
  rows: ServiceRow[] = [];
  tasks: TaskRow[] = [];
  listCalls = 0;
  taskCalls: { serviceId: string | null; history: boolean }[] = [];
  inspects: string[] = [];
  scales: { id: string; replicas: number }[] = [];
  rollbacks: string[] = [];
  removes: string[] = [];
  logRequests: ServiceLogsRequest[] = [];
  /** The last log stream's listener, to push lines through. */
  logListener: ((m: LogsMessage) => void) | null = null;
  cancelled = 0;
  /** Thrown by the next action, when set. */
  actionError: string | null = null;

  detail(id: string): ServiceDetail {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`no service ${id}`);
    return {
      row,
      form: {},
      canRollback: row.updateState != null,
      raw: JSON.stringify({ Name: row.name }, null, 2),
    };
  }

  handle(): StreamHandle {
    return { id: 's1', cancel: async () => void this.cancelled++ } as unknown as StreamHandle;
  }

  area() {
    return {
      list: async () => {
        this.listCalls++;
        return this.rows;
      },
      inspect: async (id: string) => {
        this.inspects.push(id);
        return this.detail(id);
      },
      tasks: async (serviceId: string | null, history: boolean) => {
        this.taskCalls.push({ serviceId, history });
        return this.tasks.filter(
          (t) =>
            (serviceId == null || t.serviceId === serviceId) &&
            (history || t.desiredState === 'running'),
        );
      },
      scale: async (id: string, replicas: number) => {
        if (this.actionError) throw new Error(this.actionError);
        this.scales.push({ id, replicas });
      },
      logs: async (request: ServiceLogsRequest, on: (m: LogsMessage) => void) => {
        this.logRequests.push(request);
        this.logListener = on;
        return this.handle();
      },
      logsCommand: async (r: ServiceLogsRequest) =>
        `docker service logs${r.follow ? ' -f' : ''}${r.tail != null ? ` --tail ${r.tail}` : ''} ${r.id}`,
    };
  }
}
