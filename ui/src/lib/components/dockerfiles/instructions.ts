// What the editor knows about each Dockerfile instruction: a short explanation in our own
// words, a tiny example and its flags, one line each. The hover and completion sources in
// `editorHelp.ts` read only this table, so teaching a new flag is one entry here.

/** One `--flag` of an instruction. `values` are the words completion offers after `=`. */
export interface FlagHelp {
  name: string;
  /** What a value looks like, shown after `=` (`<stage>`, `<user>:<group>`). */
  value: string;
  summary: string;
  values?: { label: string; summary: string }[];
  /** For `--mount`: the keys one `type=` takes (`target=`, `id=`…), one line each. */
  keys?: { label: string; summary: string }[];
}

export interface InstructionHelp {
  keyword: string;
  /** One sentence: what the instruction does to the image or the build. */
  summary: string;
  /** A few sentences more: when to use it, what to watch for. */
  detail: string;
  example: string;
  flags: FlagHelp[];
  /** Whether the instruction writes files (a layer) or only changes the image's settings. */
  makesLayer: boolean;
  deprecated?: string;
}

const MOUNT_TYPES = [
  { label: 'cache', summary: 'A folder kept between builds, for package-manager downloads.' },
  { label: 'bind', summary: 'Read files from the context or another stage without copying them.' },
  { label: 'secret', summary: 'A secret file for this step only; it never lands in a layer.' },
  { label: 'ssh', summary: "Lets this step use the client's SSH agent (git over SSH)." },
  { label: 'tmpfs', summary: 'An empty in-memory folder that vanishes after the step.' },
];

const MOUNT_KEYS = [
  { label: 'target=', summary: 'Where the mount appears inside the step (all types).' },
  { label: 'source=', summary: 'bind: the path to read from the context or from=.' },
  { label: 'from=', summary: 'bind/cache: a stage or image to take the files from.' },
  { label: 'id=', summary: 'cache/secret/ssh: which cache, secret or agent socket to use.' },
  { label: 'sharing=', summary: 'cache: shared, private or locked between parallel builds.' },
  { label: 'readonly', summary: 'bind/cache: mount without write access.' },
  { label: 'required', summary: 'secret/ssh: fail the step when the secret is not given.' },
  { label: 'mode=', summary: 'cache/secret/ssh: file mode of the mount, in octal.' },
  { label: 'uid=', summary: 'cache/secret/ssh: owner user id of the mount.' },
  { label: 'gid=', summary: 'cache/secret/ssh: owner group id of the mount.' },
  { label: 'size=', summary: 'tmpfs: the most bytes the folder may hold.' },
];

const CHOWN: FlagHelp = {
  name: 'chown',
  value: '<user>:<group>',
  summary: 'Owner of the copied files inside the image (root otherwise).',
};
const CHMOD: FlagHelp = {
  name: 'chmod',
  value: '<octal>',
  summary: 'File mode of the copied files, like 755 (BuildKit).',
};
const LINK: FlagHelp = {
  name: 'link',
  value: '',
  summary: 'Copy into a layer of its own so a rebuilt base need not redo it (BuildKit).',
};
const EXCLUDE: FlagHelp = {
  name: 'exclude',
  value: '<pattern>',
  summary: 'Leave out paths that match, even when the source would include them.',
};

export const INSTRUCTIONS: InstructionHelp[] = [
  {
    keyword: 'FROM',
    summary: 'Starts a build stage on top of an existing image (or on nothing: scratch).',
    detail:
      'Every stage opens with FROM. Name a stage with AS to copy its results into a later stage; only the last stage ends up in the image unless you pick a target.',
    example: 'FROM node:20-slim AS build',
    flags: [
      {
        name: 'platform',
        value: '<os>/<arch>',
        summary: 'Take the base image made for this platform, e.g. linux/arm64.',
      },
    ],
    makesLayer: false,
  },
  {
    keyword: 'ARG',
    summary: 'Declares a build argument that `--build-arg` can set at build time.',
    detail:
      'An ARG is visible from its line to the end of its stage; one written before the first FROM can only be used in FROM lines. Values are not kept in the running container, but they do show in the image history, so never pass secrets this way.',
    example: 'ARG VERSION=1.0',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'LABEL',
    summary: 'Attaches key=value notes to the image (owner, version, source).',
    detail:
      'Labels cost no layer; tools such as `docker image ls --filter label=…` read them. Quote values with spaces.',
    example: 'LABEL org.opencontainers.image.source="https://example.com/repo"',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'RUN',
    summary: 'Runs a command while building and keeps the files it changed as a new layer.',
    detail:
      'Shell form (`RUN apt-get update`) goes through /bin/sh -c; exec form (`RUN ["make","all"]`) runs the program directly. Chain related commands with && so that downloads and their cleanup land in the same layer.',
    example: 'RUN apk add --no-cache curl',
    flags: [
      {
        name: 'mount',
        value: 'type=<cache|bind|secret|ssh|tmpfs>,…',
        summary: 'Give the step a cache, a secret, an SSH agent or extra files (BuildKit).',
        values: MOUNT_TYPES,
        keys: MOUNT_KEYS,
      },
      {
        name: 'network',
        value: '<default|none|host>',
        summary: 'Which network the step may use; none proves it needs no downloads.',
        values: [
          { label: 'default', summary: 'The normal build network.' },
          { label: 'none', summary: 'No network at all.' },
          { label: 'host', summary: "The host's network (needs an entitlement)." },
        ],
      },
      {
        name: 'security',
        value: '<sandbox|insecure>',
        summary: 'Run with extra privileges (needs an entitlement; BuildKit).',
        values: [
          { label: 'sandbox', summary: 'The normal, confined step.' },
          { label: 'insecure', summary: 'A privileged step.' },
        ],
      },
    ],
    makesLayer: true,
  },
  {
    keyword: 'CMD',
    summary: 'The default command (or default arguments) of containers made from the image.',
    detail:
      'Only the last CMD counts. With an ENTRYPOINT, CMD supplies its default arguments; `docker run IMAGE args…` replaces CMD but keeps the ENTRYPOINT. Prefer the exec form so the program gets signals directly.',
    example: 'CMD ["npm", "start"]',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'ENTRYPOINT',
    summary: 'The program every container of the image starts; CMD and run arguments follow it.',
    detail:
      'In exec form the ENTRYPOINT receives CMD (or the `docker run` arguments) as its arguments. In shell form it ignores them and runs under /bin/sh -c, which also keeps signals from reaching it.',
    example: 'ENTRYPOINT ["/usr/bin/tini", "--"]',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'EXPOSE',
    summary: 'Notes which ports the program listens on; it does not publish them.',
    detail:
      'EXPOSE is documentation plus the list `docker run -P` publishes. Publishing a port still takes `-p host:container`. Add /udp for UDP.',
    example: 'EXPOSE 8080/tcp',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'ENV',
    summary: 'Sets environment variables for the rest of the build and for the containers.',
    detail:
      'Unlike ARG, ENV values stay in the image and in every container. Write `KEY=value` pairs; later lines of the stage can use them as $KEY.',
    example: 'ENV NODE_ENV=production PORT=8080',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'ADD',
    summary: 'Copies files into the image, and can also fetch URLs and unpack local archives.',
    detail:
      'Those extras make ADD surprising: a local .tar.gz is unpacked, a URL is downloaded. When you only copy files, COPY says so plainly.',
    example: 'ADD https://example.com/tool.tar.gz /opt/',
    flags: [
      CHOWN,
      CHMOD,
      LINK,
      EXCLUDE,
      {
        name: 'checksum',
        value: 'sha256:<digest>',
        summary: 'Refuse a downloaded file whose digest differs (BuildKit).',
      },
      {
        name: 'keep-git-dir',
        value: '<true|false>',
        summary: 'Keep the .git folder when adding a git repository (BuildKit).',
      },
    ],
    makesLayer: true,
  },
  {
    keyword: 'COPY',
    summary: 'Copies files from the build context (or another stage) into the image.',
    detail:
      'A COPY layer is rebuilt whenever a copied file changes, and so is every step after it. Copy the dependency list first, install, then copy the rest of the source.',
    example: 'COPY --from=build /app/dist /usr/share/nginx/html',
    flags: [
      {
        name: 'from',
        value: '<stage|image>',
        summary: 'Take the files from an earlier stage or an image instead of the context.',
      },
      CHOWN,
      CHMOD,
      LINK,
      EXCLUDE,
      {
        name: 'parents',
        value: '',
        summary: 'Keep the source folders above the matched files (BuildKit).',
      },
    ],
    makesLayer: true,
  },
  {
    keyword: 'VOLUME',
    summary: 'Marks a folder whose data lives outside the container, in a volume.',
    detail:
      'Each container gets an anonymous volume there unless one is mounted. Changes a later RUN makes inside that folder are thrown away, so set the folder up before this line.',
    example: 'VOLUME /var/lib/data',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'WORKDIR',
    summary: 'Sets the folder later instructions and the container start in (made if missing).',
    detail:
      'Use an absolute path; a relative one is taken from the previous WORKDIR, which is easy to misread. Prefer it to `RUN cd …`, which lasts only for that one command.',
    example: 'WORKDIR /app',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'USER',
    summary: 'Which user (and group) later RUN steps and the container run as.',
    detail:
      'Images run as root unless told otherwise. Create an unprivileged user, then switch to it near the end so the program cannot change the system.',
    example: 'USER app:app',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'HEALTHCHECK',
    summary: 'A command the engine runs now and then to see whether the container still works.',
    detail:
      'Exit status 0 means healthy, 1 unhealthy; after --retries failures in a row the container is marked unhealthy. `HEALTHCHECK NONE` turns off a check inherited from the base.',
    example: 'HEALTHCHECK --interval=30s CMD wget -qO- http://localhost/ || exit 1',
    flags: [
      { name: 'interval', value: '<duration>', summary: 'Time between checks (30s by default).' },
      {
        name: 'timeout',
        value: '<duration>',
        summary: 'A check slower than this counts as failed (30s).',
      },
      {
        name: 'start-period',
        value: '<duration>',
        summary: 'Grace time after start when failures do not count yet.',
      },
      {
        name: 'start-interval',
        value: '<duration>',
        summary: 'Time between checks during the start period (newer engines).',
      },
      {
        name: 'retries',
        value: '<n>',
        summary: 'Failures in a row before the container is unhealthy (3).',
      },
    ],
    makesLayer: false,
  },
  {
    keyword: 'SHELL',
    summary: 'Changes the shell that shell-form RUN, CMD and ENTRYPOINT lines go through.',
    detail:
      'Given in exec form, e.g. to get bash with pipefail so a failing command in a pipe fails the step. It applies to the lines after it in the stage.',
    example: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'STOPSIGNAL',
    summary: 'The signal `docker stop` sends the container first (SIGTERM otherwise).',
    detail:
      'Some programs finish gracefully on another signal, e.g. nginx on SIGQUIT. After the stop timeout the engine sends SIGKILL regardless.',
    example: 'STOPSIGNAL SIGQUIT',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'ONBUILD',
    summary: 'Stores an instruction that runs later, when another image is built FROM this one.',
    detail:
      'Useful for base images meant to be extended, but hidden behaviour: whoever builds on top may not know the trigger exists. It cannot wrap FROM or ONBUILD.',
    example: 'ONBUILD COPY . /app/src',
    flags: [],
    makesLayer: false,
  },
  {
    keyword: 'MAINTAINER',
    summary: 'Names the author of the image (deprecated).',
    detail: 'Write a label instead, which any tool can read.',
    example: 'LABEL org.opencontainers.image.authors="ops@example.com"',
    flags: [],
    makesLayer: false,
    deprecated: 'Use LABEL org.opencontainers.image.authors instead.',
  },
];

const BY_KEYWORD = new Map(INSTRUCTIONS.map((i) => [i.keyword, i]));

/** The entry of `keyword` (any case), if it is an instruction. */
export function instructionHelp(keyword: string): InstructionHelp | undefined {
  return BY_KEYWORD.get(keyword.toUpperCase());
}

/** The entry of flag `name` (without dashes) of `keyword`. */
export function flagHelp(keyword: string, name: string): FlagHelp | undefined {
  return instructionHelp(keyword)?.flags.find((f) => f.name === name.toLowerCase());
}

/** A hover answer: the range the pointer is on and the text to show (plain text, one
 *  paragraph per line). */
export interface HoverHelp {
  from: number;
  to: number;
  title: string;
  lines: string[];
  example: string | null;
}

/** One completion item, in CodeMirror's shape (`apply` is what is inserted). */
export interface CompletionItem {
  label: string;
  apply: string;
  detail: string;
  info: string;
  type: 'keyword' | 'property' | 'enum';
}

export interface CompletionAnswer {
  /** Where the replaced word starts. */
  from: number;
  options: CompletionItem[];
}

/** Where the logical instruction around `pos` starts (physical lines are joined by a trailing
 *  backslash), and whether `pos` is on its first physical line. */
function instructionAround(text: string, pos: number): { start: number; firstLine: boolean } {
  let start = text.lastIndexOf('\n', pos - 1) + 1;
  const lineStart = start;
  // Walk back while the line above ends with a continuation backslash.
  while (start > 0) {
    const prevEnd = start - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const prev = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    if (!/\\\s*$/.test(prev) || prev.trimStart().startsWith('#')) break;
    start = prevStart;
  }
  return { start, firstLine: start === lineStart };
}

const WORD = /[A-Za-z0-9_-]/;

function wordAt(text: string, pos: number): { from: number; to: number } {
  let from = pos;
  let to = pos;
  while (from > 0 && WORD.test(text[from - 1])) from--;
  while (to < text.length && WORD.test(text[to])) to++;
  return { from, to };
}

function instructionLines(help: InstructionHelp): string[] {
  const lines = [help.summary, help.detail];
  if (help.deprecated) lines.push(`Deprecated: ${help.deprecated}`);
  if (help.flags.length) {
    lines.push(`Flags: ${help.flags.map((f) => `--${f.name}`).join(', ')}`);
  }
  return lines;
}

/** What hovering at `pos` explains: an instruction keyword or one of its flags. */
export function hoverAt(text: string, pos: number): HoverHelp | null {
  const { start } = instructionAround(text, pos);
  const head = /^\s*/.exec(text.slice(start))?.[0].length ?? 0;
  const kwFrom = start + head;
  if (text[kwFrom] === '#') return null;
  const kwTo = wordAt(text, kwFrom).to;
  const keyword = text.slice(kwFrom, kwTo);
  const help = instructionHelp(keyword);
  if (!help) return null;
  if (pos >= kwFrom && pos <= kwTo) {
    return {
      from: kwFrom,
      to: kwTo,
      title: help.keyword,
      lines: instructionLines(help),
      example: help.example,
    };
  }
  const { from, to } = wordAt(text, pos);
  if (text.slice(from, from + 2) !== '--') return null;
  const flag = help.flags.find((f) => f.name === text.slice(from + 2, to).toLowerCase());
  if (!flag) return null;
  const lines = [flag.summary];
  if (flag.values) lines.push(...flag.values.map((v) => `${v.label}: ${v.summary}`));
  return {
    from,
    to,
    title: `${help.keyword} --${flag.name}${flag.value ? `=${flag.value}` : ''}`,
    lines,
    example: null,
  };
}

function instructionItems(only?: (h: InstructionHelp) => boolean): CompletionItem[] {
  return INSTRUCTIONS.filter((h) => !only || only(h)).map((h) => ({
    label: h.keyword,
    apply: `${h.keyword} `,
    detail: h.deprecated ? 'deprecated' : '',
    info: `${h.summary} Example: ${h.example}`,
    type: 'keyword',
  }));
}

/** What completion offers at `pos`: instructions at the start of a line (and after ONBUILD),
 *  the instruction's flags where a flag may go, and values inside `--mount=` and friends. */
export function completeAt(text: string, pos: number): CompletionAnswer | null {
  const { start, firstLine } = instructionAround(text, pos);
  const before = text.slice(start, pos);
  if (before.trimStart().startsWith('#')) return null;
  const m = /^\s*([A-Za-z]*)$/.exec(before);
  if (m) {
    if (!firstLine) return null;
    return { from: pos - m[1].length, options: instructionItems() };
  }
  const words = before.trimStart().split(/\s+/);
  let keyword = words[0];
  let rest = words.slice(1);
  if (keyword.toUpperCase() === 'ONBUILD') {
    if (rest.length === 1 && /^[A-Za-z]*$/.test(rest[0])) {
      return {
        from: pos - rest[0].length,
        options: instructionItems((h) => !['FROM', 'ONBUILD', 'MAINTAINER'].includes(h.keyword)),
      };
    }
    keyword = rest[0] ?? '';
    rest = rest.slice(1);
  }
  const help = instructionHelp(keyword);
  if (!help || rest.length === 0) return null;
  const token = rest[rest.length - 1].replace(/\\$/, '');
  // Flags come before the arguments: every word before this one must be a flag.
  if (!rest.slice(0, -1).every((w) => w.startsWith('--') || w === '\\')) return null;
  if (token === '' || (token.startsWith('-') && !token.includes('='))) {
    if (token === '' && help.flags.length === 0) return null;
    return {
      from: pos - token.length,
      options: help.flags.map((f) => ({
        label: `--${f.name}`,
        apply: f.value ? `--${f.name}=` : `--${f.name} `,
        detail: f.value,
        info: f.summary,
        type: 'property',
      })),
    };
  }
  const eq = /^--([a-z-]+)=(.*)$/.exec(token);
  if (!eq) return null;
  const flag = help.flags.find((f) => f.name === eq[1]);
  if (!flag) return null;
  const value = eq[2];
  if (flag.keys) {
    // `--mount=type=cache,target=/x,…`: the part after the last comma is one key[=value].
    const part = value.slice(value.lastIndexOf(',') + 1);
    const typed = /^type=(.*)$/.exec(part);
    if (typed && flag.values) {
      return {
        from: pos - typed[1].length,
        options: flag.values.map((v) => ({
          label: v.label,
          apply: v.label,
          detail: '',
          info: v.summary,
          type: 'enum',
        })),
      };
    }
    if (part.includes('=')) return null;
    const keys = value.includes('type=')
      ? flag.keys
      : [{ label: 'type=', summary: 'What kind of mount: cache, bind, secret, ssh or tmpfs.' }];
    return {
      from: pos - part.length,
      options: keys.map((k) => ({
        label: k.label,
        apply: k.label,
        detail: '',
        info: k.summary,
        type: 'property',
      })),
    };
  }
  if (!flag.values) return null;
  return {
    from: pos - value.length,
    options: flag.values.map((v) => ({
      label: v.label,
      apply: v.label,
      detail: '',
      info: v.summary,
      type: 'enum',
    })),
  };
}
