// The "What will run" panel shows what Rust computed from the file (the line, each part's
// source, the reasons with jumps to their lines), asks again after each parse and for the stage
// picked, drops an answer that arrives after a newer one, and says why when there is no stage.
// The parse analyser is registered so the session's tree is filled.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import WhatRunsPanel from './WhatRunsPanel.svelte';
import { analysers } from './analysers';
import { dockerfilePanels } from './dockerfilePanels';
import { backend, client, TugboatError } from '$lib/testing/fake-client';
import { emptyDockerfile } from '$lib/testing/fake-dockerfiles';
import { DockerfileSession } from '$lib/stores/dockerfile.svelte';
import type { Dockerfile, WhatRuns } from '$lib/ipc/client';

const span = { start: 0, end: 4, line: 1, endLine: 1 };

function stage(index: number, name: string | null) {
  return {
    index,
    name,
    nameSpan: null,
    base: 'node:20',
    baseSpan: span,
    platform: null,
    instruction: index,
    span,
  };
}

function parsed(stages = [stage(0, null)]): Dockerfile {
  return { ...emptyDockerfile(), stages };
}

function answer(over: Partial<WhatRuns> = {}): WhatRuns {
  return {
    stage: 0,
    stageName: null,
    base: 'node:20',
    entrypoint: { source: 'inherited', argv: [], form: null, line: null },
    cmd: { source: 'file', argv: ['node', 'server.js'], form: 'exec', line: 3 },
    argv: ['node', 'server.js'],
    line: '<ENTRYPOINT of node:20> node server.js',
    complete: false,
    withArgs: '<ENTRYPOINT of node:20> <args…>',
    reasons: [
      { text: 'The CMD on line 3 is in exec form: it runs as written, with no shell.', line: 3 },
      { text: 'The file sets no ENTRYPOINT.', line: null },
    ],
    ...over,
  };
}

function session(text: string, tree: Dockerfile | null): DockerfileSession {
  const s = new DockerfileSession([]);
  s.dockerfile.text = text;
  s.parsed = tree;
  return s;
}

describe('the What will run panel', () => {
  it('is registered as a panel and the parse analyser fills session.parsed', async () => {
    expect(dockerfilePanels.find((p) => p.id === 'runs')?.label).toBe('What will run');
    const tree = parsed([stage(0, 'app')]);
    backend.dockerfiles.parseAnswer = () => tree;
    const s = session('FROM node:20 AS app\n', null);
    const parse = analysers.find((a) => a.id === 'parse');
    await parse?.run(s);
    expect(backend.dockerfiles.parsed.at(-1)).toBe('FROM node:20 AS app\n');
    expect(s.parsed).toEqual(tree);
  });

  it('shows the line, the parts, the reasons, and jumps to a reason’s line', async () => {
    backend.dockerfiles.whatRunsAnswer = () => answer();
    const s = session('FROM node:20\nWORKDIR /app\nCMD ["node", "server.js"]\n', parsed());
    const goTo = vi.spyOn(s, 'goToLine');
    render(WhatRunsPanel, { props: { session: s } });

    const line = await screen.findByTestId('what-runs-line');
    expect(line.textContent).toBe('<ENTRYPOINT of node:20> node server.js');
    expect(backend.dockerfiles.whatRunsAsked.at(-1)).toEqual({ text: s.text, stage: null });
    expect(screen.getByTestId('what-runs-inherited').textContent).toContain(
      'docker image inspect node:20',
    );
    expect(screen.getByTestId('what-runs-entrypoint').dataset.source).toBe('inherited');
    expect(screen.getByTestId('what-runs-cmd').textContent).toContain('line 3, exec form');
    expect(screen.getByTestId('what-runs-with-args').textContent).toBe(
      '<ENTRYPOINT of node:20> <args…>',
    );
    const reasons = screen.getAllByTestId('what-runs-reason');
    expect(reasons.map((r) => r.dataset.line)).toEqual(['3', '']);
    // Only the reason with a line has a jump.
    const jumps = screen.getAllByTestId('what-runs-goto');
    expect(jumps).toHaveLength(1);
    await fireEvent.click(jumps[0]);
    expect(goTo).toHaveBeenCalledWith(3);
    // The worked explanation is there, folded.
    expect(screen.getByTestId('concept').dataset.concept).toBe('cmd-entrypoint');
  });

  it('asks again after a parse and for the stage picked', async () => {
    const asked = backend.dockerfiles.whatRunsAsked;
    backend.dockerfiles.whatRunsAnswer = (_text, stage) =>
      answer({ line: stage === 'build' ? 'make' : 'serve', stageName: stage });
    const s = session('FROM a AS build\nFROM b\n', parsed([stage(0, 'build'), stage(1, null)]));
    render(WhatRunsPanel, { props: { session: s } });
    await waitFor(() => expect(screen.getByTestId('what-runs-line').textContent).toBe('serve'));

    await fireEvent.change(screen.getByTestId('what-runs-stage'), { target: { value: 'build' } });
    await waitFor(() => expect(screen.getByTestId('what-runs-line').textContent).toBe('make'));
    expect(asked.at(-1)?.stage).toBe('build');

    // A new parse (the user typed) asks again with the new text.
    s.dockerfile.text = 'FROM a AS build\nCMD ["x"]\nFROM b\n';
    s.parsed = parsed([stage(0, 'build'), stage(1, null)]);
    await waitFor(() => expect(asked.at(-1)?.text).toBe('FROM a AS build\nCMD ["x"]\nFROM b\n'));
    expect(asked.at(-1)?.stage).toBe('build');

    // The picked stage renamed away: the last stage is asked for.
    s.parsed = parsed([stage(0, 'compile'), stage(1, null)]);
    await waitFor(() => expect(asked.at(-1)?.stage).toBeNull());
  });

  it('drops an answer that comes after a newer one', async () => {
    const pending: ((r: WhatRuns) => void)[] = [];
    const original = client.dockerfiles.whatRuns;
    client.dockerfiles.whatRuns = () => new Promise<WhatRuns>((resolve) => pending.push(resolve));
    try {
      const s = session('FROM a\n', parsed());
      render(WhatRunsPanel, { props: { session: s } });
      await waitFor(() => expect(pending).toHaveLength(1));
      s.parsed = parsed();
      await waitFor(() => expect(pending).toHaveLength(2));
      pending[1](answer({ line: 'newer' }));
      await waitFor(() => expect(screen.getByTestId('what-runs-line').textContent).toBe('newer'));
      pending[0](answer({ line: 'older' }));
      // Let the older answer's callback run (a macrotask turn flushes every pending one).
      await new Promise((r) => setTimeout(r, 0));
      expect(screen.getByTestId('what-runs-line').textContent).toBe('newer');
    } finally {
      client.dockerfiles.whatRuns = original;
    }
  });

  it('says why when there is nothing to run, and waits for a parse', async () => {
    backend.dockerfiles.whatRunsAnswer = () =>
      new TugboatError({
        code: 'invalidInput',
        message: 'the file has no FROM, so no stage to run',
      });
    const s = session('RUN echo\n', null);
    render(WhatRunsPanel, { props: { session: s } });
    expect(screen.getByTestId('what-runs-empty')).toBeTruthy();
    s.parsed = parsed([]);
    const error = await screen.findByTestId('what-runs-error');
    expect(error.textContent).toBe('the file has no FROM, so no stage to run');
    expect(screen.queryByTestId('what-runs-stage')).toBeNull();
  });
});
