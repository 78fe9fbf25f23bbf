// The form's view of a compose file: each service read from the parsed YAML as WRITTEN (so
// `${VAR}` stays `${VAR}`) into the shapes the run form's sections edit, and the way back: the
// smallest list of `YamlChange`s that makes the file say what the form says. Only what differs
// from the file is written, so a field the user did not touch never gets re-spelled.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { EnvRow, MountRow, PortRow } from '$lib/ipc/client';
import { isMergeKey, ownPair, quoted, type YamlChange, type YamlPath } from '../yamlEdit';
import type { Document } from 'yaml';

export type Condition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export type DependencyRow = { service: string; condition: Condition };

/** The limits the run form's Limits section edits, with the restart policy. */
export type LimitsFields = {
  restart: string;
  memory: string;
  memoryReservation: string;
  memorySwap: string;
  cpus: string;
  cpuShares: string;
  pidsLimit: string;
};

export type HealthFields = {
  healthCmd: string;
  healthInterval: string;
  healthTimeout: string;
  healthRetries: string;
  healthStartPeriod: string;
};

export type ServiceForm = LimitsFields &
  HealthFields & {
    name: string;
    image: string;
    buildContext: string;
    buildDockerfile: string;
    ports: PortRow[];
    mounts: MountRow[];
    env: EnvRow[];
    dependsOn: DependencyRow[];
  };

export type ComposeForm = {
  services: ServiceForm[];
  networks: string[];
  volumes: string[];
};

/** Where each field's value is in the text (`[start, end)`), for putting diagnostics on fields.
 *  Keys are field paths as the sections name them (`ports[0].containerPort`, `memory`), plus
 *  `service` for the whole service. */
export type FieldRanges = Record<string, [number, number]>;

type Doc = Document.Parsed;

const LIMIT_KEYS: Record<Exclude<keyof LimitsFields, 'restart'>, string> = {
  memory: 'mem_limit',
  memoryReservation: 'mem_reservation',
  memorySwap: 'memswap_limit',
  cpus: 'cpus',
  cpuShares: 'cpu_shares',
  pidsLimit: 'pids_limit',
};

// Numbers compose wants as numbers (a quoted "100" is refused for pids_limit by the schema).
const NUMERIC = new Set(['cpus', 'cpuShares', 'pidsLimit']);

export function emptyService(name: string): ServiceForm {
  return {
    name,
    image: '',
    buildContext: '',
    buildDockerfile: '',
    ports: [],
    mounts: [],
    env: [],
    dependsOn: [],
    restart: 'no',
    memory: '',
    memoryReservation: '',
    memorySwap: '',
    cpus: '',
    cpuShares: '',
    pidsLimit: '',
    healthCmd: '',
    healthInterval: '',
    healthTimeout: '',
    healthRetries: '',
    healthStartPeriod: '',
  };
}

/** The whole file as the form shows it. */
export function readForm(doc: Doc): ComposeForm {
  const services = mapAt(doc.contents, 'services');
  return {
    services: services
      ? (services.items as Pair[])
          .filter((p) => !isMergeKey(p) && isScalar(p.key))
          .map((p) =>
            readService(doc, String((p.key as YamlNode & { value: unknown }).value), p.value),
          )
      : [],
    networks: keysOf(mapAt(doc.contents, 'networks')),
    volumes: keysOf(mapAt(doc.contents, 'volumes')),
  };
}

/** Field ranges of one service, for diagnostics. */
export function serviceRanges(doc: Doc, name: string): FieldRanges {
  const out: FieldRanges = {};
  const services = mapAt(doc.contents, 'services');
  const pair = services ? ownPair(services, name) : undefined;
  if (!pair) return out;
  const keyNode = pair.key as YamlNode;
  const svc = pair.value as YamlNode | null;
  out.service = [keyNode.range?.[0] ?? 0, svc?.range?.[2] ?? keyNode.range?.[2] ?? 0];
  if (!isMap(svc)) return out;
  const put = (field: string, node: unknown) => {
    const r = (node as YamlNode | null)?.range;
    if (r) out[field] = [r[0], r[2]];
  };
  const value = (key: string) => ownPair(svc, key)?.value;
  put('image', value('image'));
  put('build', value('build'));
  put('restart', value('restart'));
  put('healthCmd', value('healthcheck'));
  for (const [field, key] of Object.entries(LIMIT_KEYS)) put(field, value(key));
  const limits = mapAt(mapAt(mapAt(svc, 'deploy'), 'resources'), 'limits');
  if (limits) {
    put('memory', ownPair(limits, 'memory')?.value);
    put('cpus', ownPair(limits, 'cpus')?.value);
  }
  const lists: [string, string, string][] = [
    ['ports', 'ports', 'containerPort'],
    ['volumes', 'mounts', 'target'],
    ['depends_on', 'dependsOn', 'service'],
  ];
  for (const [key, field, leaf] of lists) {
    const node = value(key);
    put(field, node);
    if (isSeq(node)) node.items.forEach((item, i) => put(`${field}[${i}].${leaf}`, item));
    if (isMap(node))
      (node.items as Pair[]).forEach((p, i) => {
        const k = (p.key as YamlNode).range;
        const v = (p.value as YamlNode | null)?.range;
        if (k) out[`${field}[${i}].${leaf}`] = [k[0], v?.[2] ?? k[2]];
      });
  }
  const env = value('environment');
  put('env', env);
  if (isSeq(env)) env.items.forEach((item, i) => put(`env[${i}].name`, item));
  if (isMap(env))
    (env.items as Pair[]).forEach((p, i) => {
      const k = (p.key as YamlNode).range;
      const v = (p.value as YamlNode | null)?.range;
      if (k) out[`env[${i}].name`] = [k[0], v?.[2] ?? k[2]];
    });
  return out;
}

function readService(doc: Doc, name: string, node: unknown): ServiceForm {
  const f = emptyService(name);
  if (!isMap(node)) return f;
  const js = (key: string): unknown => {
    const v = ownPair(node, key)?.value;
    return v === undefined || v === null ? undefined : toJS(doc, v);
  };
  f.image = text(js('image'));
  const build = js('build');
  if (typeof build === 'string') f.buildContext = build;
  else if (build && typeof build === 'object') {
    const b = build as Record<string, unknown>;
    f.buildContext = text(b.context);
    f.buildDockerfile = text(b.dockerfile);
  }
  f.ports = asList(js('ports')).map(readPort);
  f.mounts = asList(js('volumes')).map(readMount);
  f.env = readEnv(js('environment'));
  f.dependsOn = readDependsOn(js('depends_on'));
  f.restart = text(js('restart')) || 'no';
  const limits = record(record(record(js('deploy')).resources).limits);
  for (const [field, key] of Object.entries(LIMIT_KEYS) as [keyof typeof LIMIT_KEYS, string][])
    f[field] = text(js(key));
  if (limits.memory !== undefined) f.memory = text(limits.memory);
  if (limits.cpus !== undefined) f.cpus = text(limits.cpus);
  const hc = record(js('healthcheck'));
  f.healthCmd = healthCommand(hc.test);
  f.healthInterval = text(hc.interval);
  f.healthTimeout = text(hc.timeout);
  f.healthRetries = text(hc.retries);
  f.healthStartPeriod = text(hc.start_period);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Short syntaxes: ports `[ip:][host:]container[/protocol]`, volumes `[source:]target[:mode]`.

export function readPort(item: unknown): PortRow {
  if (item && typeof item === 'object') {
    const m = item as Record<string, unknown>;
    return {
      hostIp: text(m.host_ip),
      hostPort: text(m.published),
      containerPort: text(m.target),
      protocol: text(m.protocol) === 'tcp' ? '' : text(m.protocol),
    };
  }
  let s = text(item);
  let protocol = '';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    protocol = s.slice(slash + 1) === 'tcp' ? '' : s.slice(slash + 1);
    s = s.slice(0, slash);
  }
  const parts = s.split(':');
  const containerPort = parts.pop() ?? '';
  const hostPort = parts.pop() ?? '';
  return { hostIp: parts.join(':'), hostPort, containerPort, protocol };
}

export function portText(p: PortRow): string {
  let s = p.containerPort.trim();
  if (p.hostPort.trim() || p.hostIp.trim()) s = `${p.hostPort.trim()}:${s}`;
  if (p.hostIp.trim()) s = `${p.hostIp.trim()}:${s}`;
  if (p.protocol && p.protocol !== 'tcp') s += `/${p.protocol}`;
  return s;
}

export function readMount(item: unknown): MountRow {
  if (item && typeof item === 'object') {
    const m = item as Record<string, unknown>;
    const type = text(m.type);
    return {
      kind: type === 'bind' || type === 'tmpfs' ? type : 'volume',
      source: text(m.source),
      target: text(m.target),
      readOnly: m.read_only === true,
      selinux: '',
    };
  }
  const parts = text(item).split(':');
  if (parts.length === 1)
    return { kind: 'volume', source: '', target: parts[0] ?? '', readOnly: false, selinux: '' };
  const [source = '', target = '', mode = ''] = parts;
  return {
    kind: isHostPath(source) ? 'bind' : 'volume',
    source,
    target,
    readOnly: mode.split(',').includes('ro'),
    selinux: mode.split(',').find((m) => m === 'z' || m === 'Z') ?? '',
  };
}

/** Compose reads a source starting with `/`, `.` or `~` as a host folder, else a volume name. */
export function isHostPath(source: string): boolean {
  return /^[/.~]/.test(source) || /^[A-Za-z]:[\\/]/.test(source);
}

export function mountValue(m: MountRow): unknown {
  if (m.kind === 'tmpfs') return { type: 'tmpfs', target: m.target.trim() };
  const mode = [m.readOnly ? 'ro' : '', m.selinux].filter(Boolean).join(',');
  const source = m.source.trim();
  if (!source) return m.target.trim();
  return `${source}:${m.target.trim()}${mode ? `:${mode}` : ''}`;
}

function readEnv(v: unknown): EnvRow[] {
  if (Array.isArray(v))
    return v.map((line) => {
      const s = text(line);
      const eq = s.indexOf('=');
      return eq < 0 ? { name: s, value: '' } : { name: s.slice(0, eq), value: s.slice(eq + 1) };
    });
  return Object.entries(record(v)).map(([name, value]) => ({ name, value: text(value) }));
}

function readDependsOn(v: unknown): DependencyRow[] {
  if (Array.isArray(v)) return v.map((s) => ({ service: text(s), condition: 'service_started' }));
  return Object.entries(record(v)).map(([service, d]) => ({
    service,
    condition: (text(record(d).condition) || 'service_started') as Condition,
  }));
}

function healthCommand(test: unknown): string {
  if (typeof test === 'string') return test.replace(/^CMD-SHELL\s+/, '');
  if (!Array.isArray(test)) return '';
  const [kind, ...rest] = test.map(text);
  if (kind === 'CMD-SHELL') return rest.join(' ');
  if (kind === 'CMD') return rest.join(' ');
  return '';
}

// ---------------------------------------------------------------------------------------------
// The way back.

/** The changes that make service `before` (as read from the file) into `after` (the form). */
export function serviceChanges(doc: Doc, before: ServiceForm, after: ServiceForm): YamlChange[] {
  const at = (...rest: (string | number)[]): YamlPath => ['services', before.name, ...rest];
  const out: YamlChange[] = [];
  const svc = serviceNode(doc, before.name);

  scalar(out, at('image'), before.image, after.image);
  if (
    before.buildContext !== after.buildContext ||
    before.buildDockerfile !== after.buildDockerfile
  ) {
    const ctx = after.buildContext.trim();
    const file = after.buildDockerfile.trim();
    if (!ctx && !file) out.push({ op: 'remove', path: at('build') });
    else if (!file && (!isMap(svc?.get('build', true)) || !before.buildDockerfile))
      out.push({ op: 'set', path: at('build'), value: ctx });
    else {
      const b = svc?.get('build', true);
      if (isMap(b)) {
        scalar(out, at('build', 'context'), before.buildContext, ctx);
        scalar(out, at('build', 'dockerfile'), before.buildDockerfile, file);
      } else
        out.push({
          op: 'set',
          path: at('build'),
          value: { context: ctx || '.', dockerfile: file },
        });
    }
  }

  const portItems = asNodeList(svc?.get('ports', true));
  list(
    out,
    at('ports'),
    before.ports.map(portText),
    after.ports.filter((p) => p.containerPort.trim()).map(portText),
    (i) => {
      const item = portItems[i];
      if (!isMap(item)) return null;
      const p = after.ports.filter((x) => x.containerPort.trim())[i];
      if (!p) return null;
      const v: Record<string, unknown> = { target: numberish(p.containerPort) };
      if (p.hostPort.trim()) v.published = p.hostPort.trim();
      if (p.hostIp.trim()) v.host_ip = p.hostIp.trim();
      if (p.protocol) v.protocol = p.protocol;
      return v;
    },
    quotedPort,
  );

  list(
    out,
    at('volumes'),
    before.mounts.map((m) => JSON.stringify(mountValue(m))),
    after.mounts.filter((m) => m.target.trim()).map((m) => JSON.stringify(mountValue(m))),
    null,
    (s) => JSON.parse(s) as unknown,
  );

  envChanges(out, doc, before, after, at);
  dependsOnChanges(out, doc, before, after, at);

  scalar(
    out,
    at('restart'),
    before.restart === 'no' && !svc?.has('restart') ? '' : before.restart,
    after.restart === 'no' && !svc?.has('restart') ? '' : after.restart,
  );
  const limits = isMap(svc) ? mapAt(mapAt(mapAt(svc, 'deploy'), 'resources'), 'limits') : null;
  for (const [field, key] of Object.entries(LIMIT_KEYS) as [keyof typeof LIMIT_KEYS, string][]) {
    const inDeploy = limits && (field === 'memory' || field === 'cpus') && limits.has(field);
    const path = inDeploy ? at('deploy', 'resources', 'limits', field) : at(key);
    scalar(out, path, before[field], after[field], NUMERIC.has(field));
  }

  healthChanges(out, before, after, at);
  return out;
}

/** Changes for the project's networks and volumes lists (names only). */
export function namedChanges(
  section: 'networks' | 'volumes',
  before: string[],
  after: string[],
): YamlChange[] {
  const out: YamlChange[] = [];
  const want = after.map((n) => n.trim()).filter(Boolean);
  for (const n of before) if (!want.includes(n)) out.push({ op: 'remove', path: [section, n] });
  for (const n of want)
    if (!before.includes(n)) out.push({ op: 'set', path: [section, n], value: {} });
  return out;
}

function envChanges(
  out: YamlChange[],
  doc: Doc,
  before: ServiceForm,
  after: ServiceForm,
  at: (...rest: (string | number)[]) => YamlPath,
): void {
  const rows = after.env.filter((r) => r.name.trim());
  const node = serviceNode(doc, before.name)?.get('environment', true);
  if (isSeq(node)) {
    list(
      out,
      at('environment'),
      before.env.map((r) => `${r.name}=${r.value}`),
      rows.map((r) => `${r.name.trim()}=${r.value}`),
      null,
      (s) => s,
    );
    return;
  }
  const oldNames = before.env.map((r) => r.name);
  const newNames = rows.map((r) => r.name.trim());
  // One name changed in place: a rename keeps the line where it is.
  if (oldNames.length === newNames.length) {
    const differ = oldNames.flatMap((n, i) => (n !== newNames[i] ? [i] : []));
    const i = differ[0];
    if (differ.length === 1 && i !== undefined && !oldNames.includes(newNames[i] ?? '')) {
      out.push({ op: 'rename', path: at('environment', oldNames[i] ?? ''), to: newNames[i] ?? '' });
      const oldRow = before.env[i];
      const newRow = rows[i];
      if (oldRow && newRow && oldRow.value !== newRow.value)
        out.push({ op: 'set', path: at('environment', newNames[i] ?? ''), value: newRow.value });
      return;
    }
  }
  for (const n of oldNames)
    if (!newNames.includes(n)) out.push({ op: 'remove', path: at('environment', n) });
  for (const r of rows) {
    const name = r.name.trim();
    const old = before.env.find((x) => x.name === name);
    if (!old || old.value !== r.value)
      out.push({ op: 'set', path: at('environment', name), value: r.value });
  }
}

function dependsOnChanges(
  out: YamlChange[],
  doc: Doc,
  before: ServiceForm,
  after: ServiceForm,
  at: (...rest: (string | number)[]) => YamlPath,
): void {
  const rows = after.dependsOn.filter((d) => d.service.trim());
  if (JSON.stringify(before.dependsOn) === JSON.stringify(rows)) return;
  const node = serviceNode(doc, before.name)?.get('depends_on', true);
  const plainList = rows.every((d) => d.condition === 'service_started');
  if ((isSeq(node) || !node) && plainList) {
    list(
      out,
      at('depends_on'),
      before.dependsOn.map((d) => d.service),
      rows.map((d) => d.service.trim()),
      null,
      (s) => s,
    );
    return;
  }
  if (!isMap(node)) {
    out.push({
      op: 'set',
      path: at('depends_on'),
      value: Object.fromEntries(rows.map((d) => [d.service.trim(), { condition: d.condition }])),
    });
    return;
  }
  const names = rows.map((d) => d.service.trim());
  for (const d of before.dependsOn)
    if (!names.includes(d.service)) out.push({ op: 'remove', path: at('depends_on', d.service) });
  for (const d of rows) {
    const old = before.dependsOn.find((x) => x.service === d.service.trim());
    if (!old || old.condition !== d.condition)
      out.push({
        op: 'set',
        path: at('depends_on', d.service.trim(), 'condition'),
        value: d.condition,
      });
  }
}

function healthChanges(
  out: YamlChange[],
  before: ServiceForm,
  after: ServiceForm,
  at: (...rest: (string | number)[]) => YamlPath,
): void {
  if (before.healthCmd !== after.healthCmd) {
    if (after.healthCmd.trim())
      out.push({
        op: 'set',
        path: at('healthcheck', 'test'),
        value: ['CMD-SHELL', after.healthCmd.trim()],
      });
    else if (before.healthCmd) out.push({ op: 'remove', path: at('healthcheck', 'test') });
  }
  scalar(out, at('healthcheck', 'interval'), before.healthInterval, after.healthInterval);
  scalar(out, at('healthcheck', 'timeout'), before.healthTimeout, after.healthTimeout);
  scalar(out, at('healthcheck', 'retries'), before.healthRetries, after.healthRetries, true);
  scalar(out, at('healthcheck', 'start_period'), before.healthStartPeriod, after.healthStartPeriod);
}

function scalar(out: YamlChange[], path: YamlPath, before: string, after: string, numeric = false) {
  if (before === after) return;
  const v = after.trim();
  if (!v) {
    if (before.trim()) out.push({ op: 'remove', path });
    return;
  }
  out.push({ op: 'set', path, value: numeric ? numberish(v) : v });
}

// A list brought to `after` with few changes: items that differ are replaced in place, an extra
// one is added at the end, a missing one removed where it was.
function list(
  out: YamlChange[],
  path: YamlPath,
  before: string[],
  after: string[],
  asMap: ((i: number) => unknown) | null,
  value: (s: string) => unknown,
): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const write = (i: number, s: string) => asMap?.(i) ?? value(s);
  if (after.length === 0) {
    out.push({ op: 'remove', path });
    return;
  }
  if (after.length < before.length) {
    // Remove from the end first so earlier indexes stay right.
    const removed: number[] = [];
    let j = 0;
    for (let i = 0; i < before.length; i++) {
      if (j < after.length && before[i] === after[j]) j++;
      else removed.push(i);
    }
    if (before.length - removed.length === after.length && j === after.length) {
      for (const i of removed.reverse()) out.push({ op: 'remove', path: [...path, i] });
      return;
    }
  }
  for (let i = 0; i < after.length; i++) {
    const s = after[i] as string;
    if (i >= before.length) out.push({ op: 'append', path, value: write(i, s) });
    else if (before[i] !== s) out.push({ op: 'set', path: [...path, i], value: write(i, s) });
  }
  for (let i = before.length - 1; i >= after.length; i--)
    out.push({ op: 'remove', path: [...path, i] });
}

function quotedPort(s: string): unknown {
  return /^\d+$/.test(s) ? s : quoted(s);
}

// ---------------------------------------------------------------------------------------------

function serviceNode(doc: Doc, name: string): YAMLMap | null {
  const services = mapAt(doc.contents, 'services');
  const v = services ? ownPair(services, name)?.value : null;
  return isMap(v) ? v : null;
}

function mapAt(node: unknown, key: string): YAMLMap | null {
  if (!isMap(node)) return null;
  const v = ownPair(node, key)?.value;
  return isMap(v) ? v : null;
}

function keysOf(map: YAMLMap | null): string[] {
  if (!map) return [];
  return (map.items as Pair[])
    .filter((p) => !isMergeKey(p) && isScalar(p.key))
    .map((p) => String((p.key as YamlNode & { value: unknown }).value));
}

function asNodeList(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

function toJS(doc: Doc, node: unknown): unknown {
  if (node && typeof node === 'object' && 'toJS' in node)
    return (node as YamlNode).toJS(doc, { maxAliasCount: 1000 });
  return node;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function numberish(s: string): string | number {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : s;
}
