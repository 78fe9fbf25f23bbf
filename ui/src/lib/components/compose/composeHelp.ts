// What the compose editor offers while you type or point: completion of the keys and values the
// Compose Specification allows at the cursor's place (read from the vendored JSON schema, so
// it follows the same rules as validation), service names where a service is named, and hover
// explanations of the common keys in plain words.
//
// The place in the file is found from indentation, line by line: a block-style compose file
// (what people write and what the templates are) is read exactly; flow style (`{a: 1}`) gets
// no suggestions rather than wrong ones.
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { HoverInfo } from '$lib/components/shared/editor/types';
import type { ComposeSession } from '$lib/stores/compose.svelte';
import spec from '../../../../../src-tauri/crates/compose/schema/compose-spec.json';

/** A schema node: only the keywords walked here. */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  enum?: unknown[];
  items?: SchemaNode;
  definitions?: Record<string, SchemaNode>;
}

const root = spec as unknown as SchemaNode;

// Keys Compose v2 accepts that the vendored schema (as docker-compose 1.29.2 ships it) lacks;
// the validator adds the same ones in code (crates/compose/src/schema.rs).
const EXTRA_KEYS: Record<string, string[]> = {
  '': ['name', 'include'],
  'services.*.depends_on.*': ['restart', 'required'],
  'services.*.healthcheck': ['start_interval'],
  'services.*': ['develop', 'annotations'],
};

// The schema types `restart` as any string; these are the policies the engine knows.
const RESTART_VALUES = ['"no"', 'always', 'on-failure', 'unless-stopped'];

/** Where the cursor is in the YAML: the keys above it, and whether a key, a value or a list
 *  item is being typed there (with what is typed so far, starting at `from`). */
export interface YamlPlace {
  path: string[];
  kind: 'key' | 'value' | 'item';
  /** For a value: its key. */
  key: string | null;
  typed: string;
  from: number;
}

const KEY_LINE = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(\s|$)/;

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

/** The keys enclosing a line indented `indent` (its content's column), read upward from the
 *  line that starts at `lineStart`. A list item's content counts as indented past its dash. */
function parentsAbove(text: string, lineStart: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  let end = lineStart - 1;
  while (end > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = KEY_LINE.exec(line);
    const lineIndent = (line.match(/^\s*/)?.[0].length ?? 0) + (m?.[2]?.length ?? 0);
    if (lineIndent >= limit) continue;
    if (!m) return path; // flow style or a stray scalar: no place known
    path.unshift(unquote(m[3]!.trim()));
    limit = lineIndent;
  }
  return path;
}

/** The place of `pos` in `text` (block-style YAML), or null where nothing can be offered (a
 *  comment, a flow collection, a multi-line string). */
export function yamlPlace(text: string, pos: number): YamlPlace | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  if (before.includes('#') || /[[{]/.test(before)) return null;
  const value = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:\s+([^#]*)$/.exec(before);
  if (value) {
    const indent = value[1]!.length + (value[2]?.length ?? 0);
    const typed = value[4]!;
    return {
      path: parentsAbove(text, lineStart, indent),
      kind: 'value',
      key: unquote(value[3]!.trim()),
      typed,
      from: pos - typed.length,
    };
  }
  const item = /^(\s*)-\s+([\w.-]*)$/.exec(before);
  if (item) {
    // A list's items may sit at their key's indent (`depends_on:\n- db`): one column more
    // finds that key.
    const typed = item[2]!;
    return {
      path: parentsAbove(text, lineStart, item[1]!.length + 1),
      kind: 'item',
      key: null,
      typed,
      from: pos - typed.length,
    };
  }
  const key = /^(\s*)([\w.-]*)$/.exec(before);
  if (key) {
    const typed = key[2]!;
    return {
      path: parentsAbove(text, lineStart, key[1]!.length),
      kind: 'key',
      key: null,
      typed,
      from: pos - typed.length,
    };
  }
  return null;
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let hops = 0; n?.$ref && hops < 16; hops++) {
    const name = n.$ref.replace('#/definitions/', '');
    n = root.definitions?.[name];
  }
  return n;
}

/** The variants of a node (its `oneOf`/`anyOf` alternatives, or itself), references followed. */
function variants(node: SchemaNode | undefined): SchemaNode[] {
  const n = resolve(node);
  if (!n) return [];
  const alts = n.oneOf ?? n.anyOf;
  return alts ? alts.flatMap((a) => variants(a)) : [n];
}

/** The schema node at `path` (map keys walked through properties, then patterns). */
export function schemaAt(path: string[]): SchemaNode[] {
  let nodes: SchemaNode[] = [root];
  for (const key of path) {
    const next: SchemaNode[] = [];
    for (const n of nodes.flatMap((x) => variants(x))) {
      const byName = n.properties?.[key];
      if (byName) {
        next.push(byName);
        continue;
      }
      for (const [pattern, child] of Object.entries(n.patternProperties ?? {})) {
        if (pattern !== '^x-' && new RegExp(pattern).test(key)) {
          next.push(child);
          break;
        }
      }
    }
    nodes = next;
    if (nodes.length === 0) break;
  }
  return nodes;
}

/** The path with service, network and volume names made generic (`services.*.ports`). */
function generic(path: string[]): string {
  return path
    .map((k, i) =>
      i === 1 && ['services', 'networks', 'volumes', 'secrets', 'configs'].includes(path[0]!)
        ? '*'
        : i === 3 && path[0] === 'services' && path[2] === 'depends_on'
          ? '*'
          : k,
    )
    .join('.');
}

/** The keys the schema allows at `path`. */
export function keysAt(path: string[]): string[] {
  const keys = new Set<string>();
  for (const n of schemaAt(path).flatMap((x) => variants(x))) {
    for (const k of Object.keys(n.properties ?? {})) keys.add(k);
  }
  for (const k of EXTRA_KEYS[generic(path)] ?? []) keys.add(k);
  return [...keys].sort();
}

/** The values the schema lists for the key at `path` (an enum), or the restart policies. */
export function valuesAt(path: string[]): string[] {
  if (generic(path) === 'services.*.restart') return RESTART_VALUES;
  const values = new Set<string>();
  for (const n of schemaAt(path).flatMap((x) => variants(x))) {
    for (const v of n.enum ?? []) if (typeof v === 'string') values.add(v);
  }
  return [...values];
}

/** The service names written in `text` (the keys under the top-level `services:`). */
export function serviceNames(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^services\s*:\s*(#.*)?$/.test(l));
  if (start < 0) return [];
  const names: string[] = [];
  let indent: number | null = null;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const own = line.match(/^\s*/)?.[0].length ?? 0;
    if (own === 0) break;
    indent ??= own;
    if (own !== indent) continue;
    const m = KEY_LINE.exec(line);
    if (m && !m[2]) names.push(unquote(m[3]!.trim()));
  }
  return names;
}

export interface ComposeCompletion {
  from: number;
  options: { label: string; type: string; apply?: string; detail?: string }[];
}

/** What to offer at `pos` in `text`, or null. */
export function completeComposeAt(text: string, pos: number): ComposeCompletion | null {
  const place = yamlPlace(text, pos);
  if (!place) return null;
  const { path, kind } = place;
  const g = generic(path);
  const services = () => {
    const own = path[0] === 'services' ? path[1] : undefined;
    return serviceNames(text).filter((s) => s !== own);
  };
  if (g === 'services.*.depends_on' && (kind === 'item' || kind === 'key')) {
    return {
      from: place.from,
      options: services().map((s) => ({
        label: s,
        type: 'variable',
        detail: 'service',
        apply: kind === 'key' ? `${s}:\n${' '.repeat(indentOf(text, pos) + 2)}condition: ` : s,
      })),
    };
  }
  if (kind === 'key') {
    if (g === 'services' || /^(networks|volumes|secrets|configs)$/.test(g)) return null;
    const keys = keysAt(path);
    if (keys.length === 0) return null;
    return {
      from: place.from,
      options: keys.map((k) => ({ label: k, type: 'property', apply: `${k}: ` })),
    };
  }
  if (kind === 'value' && place.key) {
    const values = valuesAt([...path, place.key]);
    if (values.length === 0) return null;
    return { from: place.from, options: values.map((v) => ({ label: v, type: 'enum' })) };
  }
  return null;
}

function indentOf(text: string, pos: number): number {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return text.slice(lineStart).match(/^[ \t]*/)?.[0].length ?? 0;
}

/** Plain-words help for the keys newcomers meet first, by generic path. */
const KEY_HELP: Record<string, HoverInfo> = {
  services: {
    title: 'services',
    body: 'The containers of your app, one entry per part (a web server, a database…). Each entry says which image to run and how; Up creates a container for each and starts them in the order of their depends_on.',
    example: 'services:\n  web:\n    image: nginx:1.27-alpine',
  },
  'services.*.image': {
    title: 'image',
    body: 'The image this service runs, as name:tag. Up pulls it from the registry when it is not on the engine yet (or builds it first, when the service also has build).',
    example: 'image: postgres:16-alpine',
  },
  'services.*.build': {
    title: 'build',
    body: 'Build this service’s image from a Dockerfile instead of pulling one. context is the folder sent to the builder; dockerfile names the file inside it when it is not called Dockerfile.',
    example: 'build:\n  context: .\n  dockerfile: Dockerfile',
  },
  'services.*.depends_on': {
    title: 'depends_on',
    body: 'Services to start before this one. By default it waits only until they have started; with condition: service_healthy it waits until their health check passes, and with service_completed_successfully until they have run to the end without an error.',
    example: 'depends_on:\n  db:\n    condition: service_healthy',
  },
  'services.*.ports': {
    title: 'ports',
    body: 'Ports to open on your computer, written HOST:CONTAINER. "8080:80" sends what arrives at port 8080 of this machine to port 80 inside the container. Without the host part, the engine picks a free host port. Services of the same file reach each other without any ports entry.',
    example: 'ports:\n  - "8080:80"\n  - "127.0.0.1:5432:5432"',
  },
  'services.*.volumes': {
    title: 'volumes',
    body: 'Storage mounted into the container, as SOURCE:PATH. A plain name (db-data:/var/lib/data) is a named volume the engine keeps for you; it must also be listed under the top-level volumes. A path (./site:/usr/share/nginx/html) is a bind mount of a folder on this computer. Add :ro to make it read-only.',
    example: 'volumes:\n  - db-data:/var/lib/postgresql/data\n  - ./site:/usr/share/nginx/html:ro',
  },
  volumes: {
    title: 'volumes (top level)',
    body: 'The named volumes this project uses. The engine creates each one on the first Up, named after the project (myapp_db-data), and keeps it until down -v removes it, so data outlives the containers.',
    example: 'volumes:\n  db-data:',
  },
  networks: {
    title: 'networks (top level)',
    body: 'Networks for the services. Without any, every service joins one network made for the project, where each service is reachable by its name.',
    example: 'networks:\n  backend:',
  },
  'services.*.environment': {
    title: 'environment',
    body: 'Variables set inside the container, as a map (KEY: value) or a list (KEY=value). A key with no value takes it from the environment of whoever runs compose. ${NAME} in any value is filled in from .env or your shell before the file is used.',
    example: 'environment:\n  POSTGRES_DB: app\n  POSTGRES_PASSWORD: ${DB_PASSWORD}',
  },
  'services.*.env_file': {
    title: 'env_file',
    body: 'Files of KEY=value lines whose variables are set inside the container. Different from the .env beside the compose file, which fills in ${NAME} in the compose file itself.',
    example: 'env_file: ./web.env',
  },
  'services.*.restart': {
    title: 'restart',
    body: 'What the engine does when the container stops: "no" leaves it stopped (the default), always starts it again, on-failure only after an error exit, unless-stopped like always except after you stopped it yourself. The engine also applies it when it starts up again.',
    example: 'restart: unless-stopped',
  },
  'services.*.healthcheck': {
    title: 'healthcheck',
    body: 'A command the engine runs inside the container now and then to see whether the service works, not just whether it runs. interval is how often, timeout how long one try may take, retries how many failures in a row make it unhealthy. Other services can wait for it with depends_on and condition: service_healthy.',
    example:
      'healthcheck:\n  test: ["CMD", "pg_isready"]\n  interval: 5s\n  timeout: 3s\n  retries: 10',
  },
  'services.*.profiles': {
    title: 'profiles',
    body: 'Puts this service in named groups that start only when asked for (--profile debug). A service without profiles always starts.',
    example: 'profiles: ["debug"]',
  },
  'services.*.command': {
    title: 'command',
    body: 'Replaces the command the image runs by default (its CMD). A list keeps each word apart; a string is split like a shell would.',
    example: 'command: ["redis-server", "--save", "60", "1"]',
  },
  'services.*.networks': {
    title: 'networks (of a service)',
    body: 'The networks this service joins, by their key under the top-level networks. Without it the service is on the project’s default network.',
    example: 'networks:\n  - backend',
  },
  'services.*.container_name': {
    title: 'container_name',
    body: 'A fixed name for the container instead of project-service-1. Only one container can have a name, so the service can then not be scaled.',
    example: 'container_name: shop-db',
  },
  'services.*.depends_on.*.condition': {
    title: 'condition',
    body: 'When the service this depends on counts as ready: service_started (running), service_healthy (its health check passes) or service_completed_successfully (it ran to the end with exit code 0).',
    example: 'condition: service_healthy',
  },
  name: {
    title: 'name',
    body: 'The project’s name. It prefixes the containers, networks and volumes made for this file; without it the folder’s name is used.',
    example: 'name: shop',
  },
};

/** The help for the key under the pointer at `pos`, or null. */
export function hoverComposeAt(text: string, pos: number): HoverInfo | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = text.indexOf('\n', pos);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const m = KEY_LINE.exec(line);
  if (!m) return null;
  const keyStart = lineStart + m[1]!.length + (m[2]?.length ?? 0);
  const key = unquote(m[3]!.trim());
  if (pos < keyStart || pos > keyStart + m[3]!.length) return null;
  const indent = m[1]!.length + (m[2]?.length ?? 0);
  const path = [...parentsAbove(text, lineStart, indent), key];
  return KEY_HELP[generic(path)] ?? null;
}

/** The editor's completion source (it reads the editor's own text, always the current one). */
export function composeCompletion() {
  return (ctx: CompletionContext): CompletionResult | null => {
    const c = completeComposeAt(ctx.state.doc.toString(), ctx.pos);
    // An empty word opens the list only when asked (Ctrl+Space) or right after "key: ".
    if (!c || c.options.length === 0) return null;
    if (c.from === ctx.pos && !ctx.explicit && !/:\s$|-\s$/.test(ctx.state.sliceDoc(0, ctx.pos)))
      return null;
    return { from: c.from, options: c.options, validFor: /^[\w."-]*$/ };
  };
}

/** The editor's hover provider for `session`. */
export function composeHover(session: ComposeSession) {
  return (pos: number): HoverInfo | null => hoverComposeAt(session.text, pos);
}
