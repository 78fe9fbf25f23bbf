// The instruction knowledge: every instruction has an entry with its own example, hover
// explains keywords and flags, and completion offers instructions, flags and mount values
// at the right places only.
import { describe, expect, it } from 'vitest';
import { completeAt, hoverAt, INSTRUCTIONS, instructionHelp } from './instructions';

const ALL = [
  'FROM',
  'ARG',
  'LABEL',
  'RUN',
  'CMD',
  'ENTRYPOINT',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'VOLUME',
  'WORKDIR',
  'USER',
  'HEALTHCHECK',
  'SHELL',
  'STOPSIGNAL',
  'ONBUILD',
  'MAINTAINER',
];

/** Completion at the `|` in `marked`. */
function complete(marked: string) {
  const pos = marked.indexOf('|');
  return completeAt(marked.replace('|', ''), pos);
}

function labels(marked: string): string[] | null {
  return complete(marked)?.options.map((o) => o.label) ?? null;
}

describe('instruction knowledge', () => {
  it('has an entry for every instruction, with a summary, detail and example', () => {
    expect(INSTRUCTIONS.map((i) => i.keyword).sort()).toEqual([...ALL].sort());
    for (const keyword of ALL) {
      const h = instructionHelp(keyword.toLowerCase());
      expect(h, keyword).toBeDefined();
      expect(h!.summary.length, keyword).toBeGreaterThan(20);
      expect(h!.detail.length, keyword).toBeGreaterThan(20);
      expect(h!.example.length, keyword).toBeGreaterThan(3);
    }
    expect(instructionHelp('MAINTAINER')!.deprecated).toMatch(/LABEL/);
  });

  it('lists the flags the brief names', () => {
    const flags = (k: string) => instructionHelp(k)!.flags.map((f) => f.name);
    expect(flags('COPY')).toEqual(expect.arrayContaining(['from', 'chown', 'chmod', 'link']));
    expect(flags('ADD')).toEqual(expect.arrayContaining(['chown', 'chmod', 'link']));
    expect(flags('RUN')).toEqual(expect.arrayContaining(['mount', 'network']));
    expect(flags('FROM')).toEqual(['platform']);
    expect(flags('HEALTHCHECK')).toEqual(
      expect.arrayContaining(['interval', 'timeout', 'start-period', 'retries']),
    );
    const mount = instructionHelp('RUN')!.flags.find((f) => f.name === 'mount')!;
    expect(mount.values!.map((v) => v.label)).toEqual(['cache', 'bind', 'secret', 'ssh', 'tmpfs']);
  });
});

describe('hoverAt', () => {
  const text = 'FROM busybox\nrun --mount=type=cache,target=/c \\\n  --network=none echo hi\n';

  it('explains the keyword under the pointer, in any case', () => {
    const h = hoverAt(text, text.indexOf('run') + 1)!;
    expect(h.title).toBe('RUN');
    expect([h.from, h.to]).toEqual([13, 16]);
    expect(h.example).toMatch(/^RUN /);
    expect(h.lines[0]).toBe(instructionHelp('RUN')!.summary);
    expect(hoverAt(text, 2)!.title).toBe('FROM');
  });

  it('explains a flag, also on a continuation line', () => {
    expect(hoverAt(text, text.indexOf('mount') + 2)!.title).toBe(
      'RUN --mount=type=<cache|bind|secret|ssh|tmpfs>,…',
    );
    const net = hoverAt(text, text.indexOf('network') + 1)!;
    expect(net.title).toMatch(/^RUN --network/);
    expect(net.lines).toContain('none: No network at all.');
  });

  it('says nothing over arguments, comments and unknown words', () => {
    expect(hoverAt(text, text.indexOf('busybox') + 2)).toBeNull();
    expect(hoverAt(text, text.indexOf('echo') + 1)).toBeNull();
    expect(hoverAt('# FROM x\n', 3)).toBeNull();
    expect(hoverAt('FORM x\n', 1)).toBeNull();
  });
});

describe('completeAt', () => {
  it('offers every instruction at the start of a line, replacing the typed word', () => {
    expect(labels('|')).toHaveLength(ALL.length);
    const a = complete('FROM x\n  CO|')!;
    expect(a.from).toBe(9);
    expect(a.options.find((o) => o.label === 'COPY')!.apply).toBe('COPY ');
  });

  it('offers nothing in comments, arguments and continuation lines', () => {
    expect(complete('# CO|')).toBeNull();
    expect(complete('RUN echo |')).toBeNull();
    expect(complete('RUN echo \\\n  |')).toBeNull();
    expect(complete('COPY a.txt --|')).toBeNull();
  });

  it("offers the instruction's flags where a flag may go", () => {
    expect(labels('COPY --|')).toEqual(
      expect.arrayContaining(['--from', '--chown', '--chmod', '--link']),
    );
    expect(labels('COPY --chown=1 |')).toContain('--from');
    const a = complete('FROM --pl|')!;
    expect(a.from).toBe(5);
    expect(a.options.map((o) => o.apply)).toEqual(['--platform=']);
    expect(labels('HEALTHCHECK --|')).toEqual(
      expect.arrayContaining(['--interval', '--timeout', '--start-period', '--retries']),
    );
    expect(labels('ONBUILD COPY --|')).toContain('--from');
    expect(complete('USER |')).toBeNull();
  });

  it('offers mount types after type= and mount keys after a comma', () => {
    const t = complete('RUN --mount=type=ca|')!;
    expect(t.from).toBe(17);
    expect(t.options.map((o) => o.label)).toEqual(['cache', 'bind', 'secret', 'ssh', 'tmpfs']);
    expect(labels('RUN --mount=|')).toEqual(['type=']);
    const k = complete('RUN --mount=type=cache,ta|')!;
    expect(k.from).toBe(23);
    expect(k.options.map((o) => o.label)).toContain('target=');
    expect(complete('RUN --mount=type=cache,target=/x|')).toBeNull();
    expect(labels('RUN --network=|')).toEqual(['default', 'none', 'host']);
  });

  it('offers instructions after ONBUILD, without the ones it cannot wrap', () => {
    const l = labels('ONBUILD R|')!;
    expect(l).toContain('RUN');
    expect(l).not.toContain('FROM');
    expect(l).not.toContain('ONBUILD');
  });
});
