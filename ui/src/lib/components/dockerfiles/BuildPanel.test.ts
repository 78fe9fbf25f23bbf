// The Build panel as a user sees it, over a fake build backend: the `docker build` line as you
// type with errors on the field, ARGs and stages from the Dockerfile offered, then a build's
// events in order as step rows and log lines, a step that goes to its line, Cancel, a failure
// that marks its line, and a success that opens the image in the Images view.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { FakeBuildFeed } from '$lib/testing/fake-build-feed';
import { navigation } from '$lib/navigation.svelte';
import BuildPanel from './BuildPanel.svelte';
import type { BuildSession, ParsedForBuild } from './buildTypes';

class SizedObserver {
  #report: ResizeObserverCallback;
  constructor(report: ResizeObserverCallback) {
    this.#report = report;
  }
  observe(target: Element) {
    const entry = { target, contentRect: { width: 800, height: 600 } };
    queueMicrotask(() => this.#report([entry as never], this as never));
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = SizedObserver as never;
Element.prototype.scrollTo = function () {};

const parsed: ParsedForBuild = {
  stages: [
    { index: 0, name: 'deps' },
    { index: 1, name: null },
  ],
  instructions: [
    { kind: 'arg', stage: null, pairs: [{ key: 'VERSION', value: '1.2' }] },
    { kind: 'from', stage: 0, pairs: [] },
    { kind: 'arg', stage: 0, pairs: [{ key: 'MODE', value: null }] },
  ],
};

function session(over: Partial<BuildSession> = {}): BuildSession & { went: number[] } {
  return {
    folder: '/home/me/web app',
    file: 'Dockerfile',
    dirty: false,
    parsed,
    highlighted: [],
    lastBuild: null,
    went: [],
    goToLine(line: number) {
      this.went.push(line);
    },
    ...over,
  };
}

async function open(s = session()) {
  const api = new FakeBuildFeed();
  render(BuildPanel, { session: s, api, frame: api.frame });
  await waitFor(() =>
    expect(screen.getByTestId('build-form')).toHaveAttribute('aria-busy', 'false'),
  );
  return { api, s };
}

async function paint(api: FakeBuildFeed) {
  api.flush();
  await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

async function build(api: FakeBuildFeed) {
  await fireEvent.click(screen.getByTestId('build-start'));
  await waitFor(() => expect(api.builds).toHaveLength(1));
}

describe('BuildPanel', () => {
  it('shows the docker build line for the form, tag taken from the folder', async () => {
    await open();
    expect(screen.getByTestId('build-command-text').textContent).toContain(
      'docker build -t web-app:dev -f Dockerfile .',
    );
  });

  it('shows a tag error on its row and will not build', async () => {
    await open();
    await fireEvent.click(screen.getByTestId('build-tag-add'));
    const rows = screen.getAllByTestId('build-tag');
    await fireEvent.input(rows[1], { target: { value: 'Web:1' } });
    const err = await screen.findByTestId('build-field-error');
    expect(err).toHaveAttribute('data-field', 'tags[1]');
    expect(err.textContent).toContain('lowercase');
    expect(screen.getByTestId('build-start')).toBeDisabled();
  });

  it('maps an error on a sent tag to its row when a blank row is skipped', async () => {
    await open();
    await fireEvent.input(screen.getByTestId('build-tag'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('build-tag-add'));
    await fireEvent.input(screen.getAllByTestId('build-tag')[1], { target: { value: 'BAD' } });
    const err = await screen.findByTestId('build-field-error');
    expect(err).toHaveAttribute('data-field', 'tags[1]');
  });

  it('offers the declared ARGs and the named stages', async () => {
    const { api } = await open();
    const offers = screen.getAllByTestId('build-arg-offer');
    expect(offers.map((o) => o.dataset.name)).toEqual(['VERSION', 'MODE']);
    await fireEvent.click(offers[0]);
    expect(screen.getByTestId('build-arg-value')).toHaveValue('1.2');
    expect(screen.getAllByTestId('build-arg-offer').map((o) => o.dataset.name)).toEqual(['MODE']);
    const target = screen.getByTestId('build-target') as HTMLSelectElement;
    expect([...target.options].map((o) => o.value)).toEqual(['', 'deps']);
    // The preview is asked with the Dockerfile's stages, so Rust can refuse an unknown target.
    expect(api.previewStages.at(-1)).toEqual(['deps']);
    await fireEvent.change(target, { target: { value: 'deps' } });
    await fireEvent.click(screen.getByTestId('build-builder-classic'));
    await fireEvent.click(screen.getByTestId('build-no-cache'));
    await waitFor(() =>
      expect(screen.getByTestId('build-command-text').textContent).toContain('--target deps'),
    );
    await build(api);
    expect(api.last.spec).toEqual({
      contextDir: '/home/me/web app',
      dockerfile: 'Dockerfile',
      tags: ['web-app:dev'],
      buildArgs: [{ name: 'VERSION', value: '1.2' }],
      target: 'deps',
      noCache: true,
      pull: false,
      platform: null,
      builder: 'classic',
      labels: [],
    });
  });

  it('shows steps and log lines in order, and a step goes to its line', async () => {
    const { api, s } = await open();
    await build(api);
    api.event({ kind: 'context', sentBytes: 512, totalBytes: 2048 });
    api.event({
      kind: 'step',
      id: 'a',
      name: '[1/2] FROM base',
      line: 1,
      state: 'cached',
      startedMs: 0,
      endedMs: 0,
    });
    api.event({
      kind: 'step',
      id: 'b',
      name: '[2/2] RUN make',
      line: 3,
      state: 'started',
      startedMs: 10,
      endedMs: null,
    });
    api.event({ kind: 'log', stepId: 'b', text: 'compiling\n<b>not bold</b>\n' });
    await paint(api);
    const steps = screen.getAllByTestId('build-step');
    expect(steps.map((r) => [r.dataset.state, r.dataset.line])).toEqual([
      ['cached', '1'],
      ['running', '3'],
    ]);
    expect(screen.getByTestId('build-context-progress').textContent).toContain('of');
    expect(screen.getAllByTestId('build-log-line').map((l) => l.textContent)).toEqual([
      '#2/2compiling',
      '#2/2<b>not bold</b>',
    ]);
    await fireEvent.click(steps[1]);
    expect(s.went).toEqual([3]);
    expect(screen.getByTestId('build-start')).toBeDisabled();
  });

  it('the build goes on while another panel shows, and is there when Build shows again', async () => {
    const s = session();
    const api = new FakeBuildFeed();
    const first = render(BuildPanel, { session: s, api, frame: api.frame });
    await waitFor(() =>
      expect(screen.getByTestId('build-form')).toHaveAttribute('aria-busy', 'false'),
    );
    await build(api);
    api.event({ kind: 'log', stepId: null, text: 'still going' });
    first.unmount();
    expect(api.last.cancelled).toBe(false);
    render(BuildPanel, { session: s, api, frame: api.frame });
    await paint(api);
    expect(screen.getByTestId('build-panel')).toHaveAttribute('data-phase', 'running');
    expect(screen.getAllByTestId('build-log-line').map((l) => l.textContent)).toEqual([
      'still going',
    ]);
  });

  it('cancel stops the build and says so', async () => {
    const { api } = await open();
    await build(api);
    api.event({
      kind: 'step',
      id: 'a',
      name: 'RUN sleep 100',
      line: 2,
      state: 'started',
      startedMs: 0,
      endedMs: null,
    });
    await paint(api);
    await fireEvent.click(screen.getByTestId('build-cancel'));
    await paint(api);
    expect(api.last.cancelled).toBe(true);
    expect(await screen.findByTestId('build-cancelled')).toBeInTheDocument();
    expect(screen.getByTestId('build-step').dataset.state).toBe('cancelled');
    expect(screen.queryByTestId('build-cancel')).toBeNull();
  });

  it('a failure shows the error in words and highlights and goes to its line', async () => {
    const { api, s } = await open();
    await build(api);
    api.event({
      kind: 'step',
      id: 'c',
      name: '[3/3] RUN exit 3',
      line: 5,
      state: 'started',
      startedMs: 0,
      endedMs: null,
    });
    api.event({
      kind: 'failed',
      message: 'process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      stepId: 'c',
      line: 5,
    });
    await paint(api);
    const err = await screen.findByTestId('build-error');
    expect(err.textContent).toContain('failed at line 5');
    expect(err.textContent).toContain('exit code: 3');
    expect(s.highlighted).toEqual([5]);
    expect(s.went).toEqual([5]);
    expect(screen.getByTestId('build-step').dataset.state).toBe('failed');
  });

  it('a success names the image and opens it in the Images view', async () => {
    const { api, s } = await open();
    await build(api);
    api.event({
      kind: 'done',
      imageId: 'sha256:0123456789abcdef',
      tags: ['web-app:dev'],
      seconds: 1,
    });
    await paint(api);
    expect((await screen.findByTestId('build-done')).textContent).toContain(
      'Built web-app:dev (0123456789ab)',
    );
    expect(s.lastBuild?.imageId).toBe('sha256:0123456789abcdef');
    await fireEvent.click(screen.getByTestId('build-open-image'));
    expect(navigation.section).toBe('images');
    expect(navigation.take('images')).toBe('sha256:0123456789abcdef');
  });

  it('says a build reads the saved files when the editor has changes', async () => {
    await open(session({ dirty: true }));
    expect(screen.getByTestId('build-unsaved')).toBeInTheDocument();
  });

  it('cannot build without a folder', async () => {
    await open(session({ folder: null }));
    expect(screen.getByTestId('build-no-folder')).toBeInTheDocument();
    expect(screen.getByTestId('build-start')).toBeDisabled();
  });
});
