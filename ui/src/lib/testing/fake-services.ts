// The services part of the fake backend (`services` in the client): the services and tasks the
// swarm has, inspect answers built from them, and every action recorded. A test may replace any
// call, or push update and log messages through the channels it keeps.
import { newServiceForm } from '$lib/components/swarm/services/serviceDraft';
import type { UpdateMessage } from '$lib/components/swarm/services/updateRun.svelte';
import type {
  CommandPreview,
  ServiceForm,
  ServiceDetail,
  ServiceLogsRequest,
  ServiceRow,
  TaskRow,
  LogsMessage,
  StreamHandle,
} from '$lib/components/swarm/services/api';
import type { LogSource } from '$lib/ipc/client';

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
    createdAt: Date.parse('2026-01-01T10:00:00Z'),
    updatedAt: Date.parse('2026-01-01T10:00:00Z'),
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
    createdAt: Date.parse('2026-01-01T10:00:00Z'),
    updatedAt: Date.parse('2026-01-01T10:00:00Z'),
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
  creates: ServiceForm[] = [];
  updates: { id: string; form: ServiceForm }[] = [];
  previews: ServiceForm[] = [];
  /** The listener of the last update or rollback, to push progress through. */
  updateListener: ((m: UpdateMessage) => void) | null = null;
  /** The form `inspect` reads back, per service id (a new form when none is set). */
  forms: Record<string, ServiceForm> = {};
  /** The answer to a preview; the default builds a line from the form like the backend. */
  preview = (f: ServiceForm, old: ServiceForm | null): CommandPreview => {
    if (!f.image)
      return { commandLine: '', errors: [{ field: 'image', message: 'an image is needed' }] };
    if (old) {
      const added = f.env.filter(([k, v]) => !old.env.some(([ok, ov]) => ok === k && ov === v));
      const parts = added.map(([k, v]) => ` --env-add ${k}=${v}`).join('');
      return { commandLine: parts ? `docker service update${parts} ${f.name}` : '', errors: [] };
    }
    const replicas =
      f.mode === 'global' ? ' --mode global' : ` --replicas ${f.mode.replicated.replicas}`;
    const ports = f.ports
      .map((p) => ` --publish published=${p.published},target=${p.target},mode=${p.mode}`)
      .join('');
    const refs = (flag: string, rs: ServiceForm['secrets']) =>
      rs
        .map((r) => ` ${flag} ${r.target ? `source=${r.source},target=${r.target}` : r.source}`)
        .join('');
    return {
      commandLine: `docker service create${f.name ? ` --name ${f.name}` : ''}${replicas}${ports}${refs('--secret', f.secrets)}${refs('--config', f.configs)} ${f.image}${f.command ? ` ${f.command.join(' ')}` : ''}`,
      errors: [],
    };
  };

  detail(id: string): ServiceDetail {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`no service ${id}`);
    const form = this.forms[id] ?? { ...newServiceForm(), name: row.name, image: row.image };
    return {
      row,
      form,
      canRollback: row.updateState != null,
      version: 1,
      updateMessage: null,
      command: `docker service inspect ${row.name}`,
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
        const name = this.rows.find((r) => r.id === id)?.name ?? id;
        return { id, command: `docker service scale ${name}=${replicas}`, warnings: [] };
      },
      scaleCommand: async (name: string, replicas: number) =>
        `docker service scale ${name}=${replicas}`,
      rollbackCommand: async (name: string) => `docker service rollback ${name}`,
      createCommand: async (form: ServiceForm) => {
        this.previews.push(form);
        return this.preview(form, null);
      },
      updateCommand: async (id: string, form: ServiceForm) => {
        this.previews.push(form);
        return this.preview(form, this.detail(id).form);
      },
      create: async (form: ServiceForm) => {
        if (this.actionError) throw new Error(this.actionError);
        this.creates.push(form);
        return { id: 'new1', command: this.preview(form, null).commandLine, warnings: [] };
      },
      update: async (id: string, form: ServiceForm, on: (m: UpdateMessage) => void) => {
        if (this.actionError) throw new Error(this.actionError);
        this.updates.push({ id, form });
        this.updateListener = on;
        return this.handle();
      },
      rollback: async (id: string, on: (m: UpdateMessage) => void) => {
        this.rollbacks.push(id);
        this.updateListener = on;
        return this.handle();
      },
      removePreview: async (id: string) => {
        const service = this.rows.find((r) => r.id === id);
        if (!service) throw new Error(`no service ${id}`);
        return {
          service,
          tasks: this.tasks.filter((t) => t.serviceId === id),
          command: `docker service rm ${service.name}`,
        };
      },
      remove: async (id: string) => {
        if (this.actionError) throw new Error(this.actionError);
        this.removes.push(id);
        const name = this.rows.find((r) => r.id === id)?.name ?? id;
        this.rows = this.rows.filter((r) => r.id !== id);
        return { id, command: `docker service rm ${name}`, warnings: [] };
      },
      logSources: async (): Promise<LogSource[]> => [],
      logs: async (
        request: ServiceLogsRequest,
        _taskIds: string[],
        on: (m: LogsMessage) => void,
      ) => {
        this.logRequests.push(request);
        this.logListener = on;
        return this.handle();
      },
      logsCommand: async (name: string, r: ServiceLogsRequest) =>
        `docker service logs${r.follow ? ' -f' : ''}${r.tail != null ? ` --tail ${r.tail}` : ''} ${name}`,
      tasksCommand: async (name: string | null, history: boolean) =>
        `docker service ps${history ? '' : ' --filter desired-state=running'}${name ? ` ${name}` : ''}`,
    };
  }
}
