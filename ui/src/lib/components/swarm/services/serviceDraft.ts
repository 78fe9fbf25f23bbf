// The service form as the user edits it: text fields for numbers and durations, env and
// label rows as the shared sections edit them, the command as one line. `draftOf` reads a
// ServiceForm (a new one, or an existing service's spec read back by the engine) into a draft;
// `formOf` turns the draft back into the ServiceForm Rust checks, with the errors only the
// draft can find (a count that is not a number) named by the draft's field paths. Rust's
// errors come back in ServiceForm paths; `draftField` names the field they belong to here.
import { parse, quote } from 'shell-quote';
// Straight from the services module, not the client barrel: the test fakes import this file,
// and the barrel is what component tests replace with those fakes (a cycle that never ends).
import { emptyServiceForm } from '$lib/ipc/services';
import type { FieldError, MountRow } from '$lib/ipc/client';
import type {
  FailureAction,
  ObjectRef,
  PublishMode,
  RestartCondition,
  ServiceForm,
  UpdateOrder,
  UpdatePolicy,
} from './api';

export interface PortDraft {
  /** Not used by services (they publish on every address); kept so the run form's Ports
   *  section edits these rows as it edits its own. */
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: string;
  mode: PublishMode;
}

export interface PolicyDraft {
  parallelism: string;
  delaySeconds: string;
  failureAction: FailureAction;
  order: UpdateOrder;
  monitorSeconds: string;
  maxFailureRatio: string;
}

export interface RefDraft {
  source: string;
  target: string;
}

export interface ServiceDraft {
  name: string;
  image: string;
  command: string;
  entrypoint: string;
  workdir: string;
  user: string;
  hostname: string;
  env: { name: string; value: string }[];
  labels: { key: string; value: string }[];
  mode: 'replicated' | 'global';
  replicas: string;
  ports: PortDraft[];
  mounts: MountRow[];
  networks: string;
  cpus: string;
  memoryMiB: string;
  reserveCpus: string;
  reserveMemoryMiB: string;
  restartCondition: RestartCondition;
  restartMaxAttempts: string;
  restartDelaySeconds: string;
  update: PolicyDraft;
  rollback: PolicyDraft;
  constraints: string[];
  secrets: RefDraft[];
  configs: RefDraft[];
  /** Carried through unchanged: the form has no field for them. */
  containerLabels: [string, string][];
}

const NS = 1e9;
const MIB = 1024 * 1024;

/** The defaults `docker service create` uses, as a ServiceForm. */
export const newServiceForm = (): ServiceForm => emptyServiceForm();

/** A number as the field shows it: no trailing noise from the unit change. */
function num(n: number | null | undefined): string {
  if (n == null) return '';
  return String(Math.round(n * 1000) / 1000);
}

/** Nanoseconds as seconds for a field; none (the engine's default) as an empty field. */
function seconds(ns: number | null): string {
  return ns == null ? '' : num(ns / NS);
}

function words(args: string[] | null): string {
  return args ? quote(args) : '';
}

function policyDraft(p: UpdatePolicy): PolicyDraft {
  return {
    parallelism: String(p.parallelism),
    delaySeconds: seconds(p.delayNs),
    failureAction: p.failureAction,
    order: p.order,
    monitorSeconds: seconds(p.monitorNs),
    maxFailureRatio: num(p.maxFailureRatio),
  };
}

export function draftOf(f: ServiceForm): ServiceDraft {
  return {
    name: f.name,
    image: f.image,
    command: words(f.command),
    entrypoint: words(f.entrypoint),
    workdir: f.workdir,
    user: f.user,
    hostname: f.hostname,
    env: f.env.map(([name, value]) => ({ name, value })),
    labels: f.labels.map(([key, value]) => ({ key, value })),
    mode: f.mode === 'global' ? 'global' : 'replicated',
    replicas: f.mode === 'global' ? '1' : String(f.mode.replicated.replicas),
    ports: f.ports.map((p) => ({
      hostIp: '',
      hostPort: p.published == null ? '' : String(p.published),
      containerPort: String(p.target),
      protocol: p.protocol === 'tcp' ? '' : p.protocol,
      mode: p.mode,
    })),
    mounts: f.mounts.map((m) => ({ ...m })),
    networks: f.networks.join(', '),
    cpus: num(f.limits.cpus),
    memoryMiB: f.limits.memoryBytes == null ? '' : num(f.limits.memoryBytes / MIB),
    reserveCpus: num(f.reservations.cpus),
    reserveMemoryMiB:
      f.reservations.memoryBytes == null ? '' : num(f.reservations.memoryBytes / MIB),
    restartCondition: f.restart.condition,
    restartMaxAttempts: f.restart.maxAttempts == null ? '' : String(f.restart.maxAttempts),
    restartDelaySeconds: seconds(f.restart.delayNs),
    update: policyDraft(f.update),
    rollback: policyDraft(f.rollback),
    constraints: [...f.constraints],
    secrets: f.secrets.map((r) => ({ source: r.source, target: r.target ?? '' })),
    configs: f.configs.map((r) => ({ source: r.source, target: r.target ?? '' })),
    containerLabels: f.containerLabels.map(([k, v]) => [k, v] as [string, string]),
  };
}

/** Reads draft fields into numbers, collecting what is wrong by the draft's field paths. */
class Reader {
  errors: FieldError[] = [];

  whole(text: string, field: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
    const t = text.trim();
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
      this.errors.push({
        field,
        message: `${what} is a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, not “${t}”`,
      });
      return null;
    }
    return Number(t);
  }

  optWhole(text: string, field: string, what: string, min = 0, max?: number) {
    return text.trim() === '' ? null : this.whole(text, field, what, min, max);
  }

  decimal(text: string, field: string, what: string) {
    const t = text.trim();
    if (t === '') return null;
    const n = Number(t);
    if (!Number.isFinite(n) || n < 0) {
      this.errors.push({ field, message: `${what} is a number of 0 or more (0.5), not “${t}”` });
      return null;
    }
    return n;
  }

  args(text: string, field: string, what: string): string[] | null {
    if (text.trim() === '') return null;
    const out: string[] = [];
    for (const part of parse(text)) {
      if (typeof part === 'string') out.push(part);
      else if ('comment' in part) break;
      else if ('op' in part && part.op === 'glob') out.push(part.pattern);
      else {
        // shell-quote reads |, &&, > and the like as shell operators; the engine runs no shell.
        this.errors.push({
          field,
          message: `the ${what} is run without a shell, so ${'op' in part ? part.op : 'that'} means nothing here: write sh -c '…' to use a shell`,
        });
        return null;
      }
    }
    return out;
  }

  /** Seconds typed, as nanoseconds; empty: none (the engine's default). */
  nanos(text: string, field: string, what: string): number | null {
    const n = this.decimal(text, field, what);
    return n == null ? null : Math.round(n * NS);
  }

  policy(p: PolicyDraft, base: string): UpdatePolicy {
    return {
      parallelism: this.whole(p.parallelism, `${base}.parallelism`, 'parallelism') ?? 1,
      delayNs: this.nanos(p.delaySeconds, `${base}.delaySeconds`, 'the delay'),
      failureAction: p.failureAction,
      order: p.order,
      monitorNs: this.nanos(p.monitorSeconds, `${base}.monitorSeconds`, 'the watch time'),
      maxFailureRatio: this.ratio(p.maxFailureRatio, `${base}.maxFailureRatio`),
    };
  }

  ratio(text: string, field: string): number | null {
    const n = this.decimal(text, field, 'the failure share');
    if (n != null && n > 1) {
      this.errors.push({
        field,
        message: `the failure share is from 0 to 1 (0.2 is 20%), not ${n}`,
      });
      return null;
    }
    return n;
  }
}

function refs(rows: RefDraft[]): ObjectRef[] {
  return rows
    .filter((r) => r.source.trim() !== '')
    .map((r) => ({ source: r.source.trim(), target: r.target.trim() || null }));
}

export function formOf(d: ServiceDraft): { form: ServiceForm; errors: FieldError[] } {
  const r = new Reader();
  const replicas = d.mode === 'replicated' ? r.whole(d.replicas, 'replicas', 'replicas') : null;
  const mem = (text: string, field: string) => {
    const n = r.decimal(text, field, 'memory (MiB)');
    return n == null ? null : Math.round(n * MIB);
  };
  const form: ServiceForm = {
    name: d.name,
    image: d.image,
    command: r.args(d.command, 'command', 'command'),
    entrypoint: r.args(d.entrypoint, 'entrypoint', 'entrypoint'),
    env: d.env.map((e) => [e.name, e.value] as [string, string]),
    workdir: d.workdir,
    user: d.user,
    hostname: d.hostname,
    labels: d.labels.map((l) => [l.key, l.value] as [string, string]),
    containerLabels: d.containerLabels,
    mode: d.mode === 'global' ? 'global' : { replicated: { replicas: replicas ?? 1 } },
    ports: d.ports
      .filter((p) => p.hostPort.trim() !== '' || p.containerPort.trim() !== '')
      .map((p, i) => ({
        published: r.optWhole(p.hostPort, `ports[${i}].hostPort`, 'a published port', 1, 65535),
        target:
          r.whole(p.containerPort, `ports[${i}].containerPort`, 'the task’s port', 1, 65535) ?? 0,
        protocol: p.protocol || 'tcp',
        mode: p.mode,
      })),
    mounts: d.mounts,
    networks: d.networks
      .split(/[\s,]+/)
      .map((n) => n.trim())
      .filter(Boolean),
    limits: { cpus: r.decimal(d.cpus, 'cpus', 'CPUs'), memoryBytes: mem(d.memoryMiB, 'memoryMiB') },
    reservations: {
      cpus: r.decimal(d.reserveCpus, 'reserveCpus', 'CPUs'),
      memoryBytes: mem(d.reserveMemoryMiB, 'reserveMemoryMiB'),
    },
    restart: {
      condition: d.restartCondition,
      maxAttempts: r.optWhole(d.restartMaxAttempts, 'restartMaxAttempts', 'attempts'),
      delayNs: r.nanos(d.restartDelaySeconds, 'restartDelaySeconds', 'the delay'),
    },
    update: r.policy(d.update, 'update'),
    rollback: r.policy(d.rollback, 'rollback'),
    constraints: d.constraints.map((c) => c.trim()).filter(Boolean),
    secrets: refs(d.secrets),
    configs: refs(d.configs),
  };
  return { form, errors: r.errors };
}

/** The draft's field a Rust error path (a ServiceForm path) belongs to. */
export function draftField(rust: string): string {
  const rules: [RegExp, string][] = [
    [/^env\[(\d+)\]\.0$/, 'env[$1].name'],
    [/^env\[(\d+)\]\.1$/, 'env[$1].value'],
    [/^labels\[(\d+)\]\.0$/, 'labels[$1].key'],
    [/^ports\[(\d+)\]\.published$/, 'ports[$1].hostPort'],
    [/^ports\[(\d+)\]\.target$/, 'ports[$1].containerPort'],
    [/^mode(\..*)?$/, 'replicas'],
    [/^limits\.cpus$/, 'cpus'],
    [/^limits\.memoryBytes$/, 'memoryMiB'],
    [/^reservations\.cpus$/, 'reserveCpus'],
    [/^reservations\.memoryBytes$/, 'reserveMemoryMiB'],
    [/^restart\.maxAttempts$/, 'restartMaxAttempts'],
    [/^restart\.delayNs$/, 'restartDelaySeconds'],
    [/^(update|rollback)\.delayNs$/, '$1.delaySeconds'],
    [/^(update|rollback)\.monitorNs$/, '$1.monitorSeconds'],
  ];
  for (const [re, to] of rules) if (re.test(rust)) return rust.replace(re, to);
  return rust;
}
