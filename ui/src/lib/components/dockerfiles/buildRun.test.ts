// A build's state: events fold in order into steps, log and context progress; a flood of log
// lines is painted once a frame; a failure marks its Dockerfile line in the session; a success
// records the build there; cancel ends it on the engine.
import { describe, expect, it } from 'vitest';
import { FakeBuildFeed } from '$lib/testing/fake-build-feed';
import { BuildRun, buildRunFor, type BuildTarget } from './buildRun.svelte';
import type { BuildSpec } from './buildTypes';

const spec: BuildSpec = {
  contextDir: '/tmp/app',
  dockerfile: 'Dockerfile',
  tags: ['app:1'],
  buildArgs: [],
  target: null,
  noCache: false,
  pull: false,
  platform: null,
  builder: 'buildkit',
  labels: [],
};

function session(): BuildTarget & { went: number[] } {
  return {
    folder: '/tmp/app',
    file: 'Dockerfile',
    highlighted: [],
    lastBuild: null,
    went: [],
    goToLine(line: number) {
      this.went.push(line);
    },
  };
}

async function started() {
  const feed = new FakeBuildFeed();
  const target = session();
  let clock = 1_000;
  const run = new BuildRun(feed, target, { frame: feed.frame, now: () => clock });
  await run.start(spec);
  return { feed, target, run, tick: (ms: number) => (clock += ms) };
}

describe('BuildRun', () => {
  it('sends the spec and folds events in order into steps, log and upload', async () => {
    const { feed, run } = await started();
    expect(feed.last.spec).toEqual(spec);
    expect(run.phase).toBe('running');
    feed.event({ kind: 'context', sentBytes: 100, totalBytes: 400 });
    feed.event({
      kind: 'step',
      id: 's1',
      name: '[1/2] FROM base',
      line: 1,
      state: 'started',
      startedMs: 0,
      endedMs: null,
    });
    feed.event({
      kind: 'step',
      id: 's1',
      name: '[1/2] FROM base',
      line: 1,
      state: 'cached',
      startedMs: null,
      endedMs: 5,
    });
    feed.event({
      kind: 'step',
      id: 's2',
      name: '[2/2] RUN echo hi',
      line: 2,
      state: 'started',
      startedMs: 6,
      endedMs: null,
    });
    feed.event({ kind: 'log', stepId: 's2', text: 'hi\nthere\n' });
    feed.event({
      kind: 'step',
      id: 's2',
      name: '[2/2] RUN echo hi',
      line: 2,
      state: 'done',
      startedMs: null,
      endedMs: 900,
    });
    expect(run.steps).toEqual([]);
    feed.flush();
    expect(run.context).toEqual({ sentBytes: 100, totalBytes: 400 });
    expect(run.steps.map((s) => [s.id, s.state, s.line, s.startedMs, s.endedMs])).toEqual([
      ['s1', 'cached', 1, 0, 5],
      ['s2', 'done', 2, 6, 900],
    ]);
    expect(run.lines.map((l) => [l.stepId, l.text])).toEqual([
      ['s2', 'hi'],
      ['s2', 'there'],
    ]);
  });

  it('paints a flood of log lines once a frame and keeps at most the cap', async () => {
    const feed = new FakeBuildFeed();
    const run = new BuildRun(feed, session(), { frame: feed.frame, cap: 1000 });
    await run.start(spec);
    feed.flush();
    const paints = run.paints;
    for (let i = 0; i < 5000; i++) feed.event({ kind: 'log', stepId: null, text: `line ${i}` });
    expect(feed.flush()).toBe(1);
    expect(run.paints).toBe(paints + 1);
    expect(run.lines).toHaveLength(1000);
    expect(run.lines[0].text).toBe('line 4000');
    expect(run.lines.at(-1)?.text).toBe('line 4999');
    expect(run.dropped).toBe(4000);
  });

  it('shows what a carriage-return progress line settled on', async () => {
    const { feed, run } = await started();
    feed.event({ kind: 'log', stepId: null, text: '10%\r50%\r100%' });
    feed.flush();
    expect(run.lines.map((l) => l.text)).toEqual(['100%']);
  });

  it('on failure marks the failing step and highlights and goes to its line', async () => {
    const { feed, run, target } = await started();
    feed.event({
      kind: 'step',
      id: 's3',
      name: '[3/3] RUN exit 3',
      line: 4,
      state: 'started',
      startedMs: 0,
      endedMs: null,
    });
    feed.event({
      kind: 'failed',
      message: 'RUN exit 3 returned a non-zero code: 3',
      stepId: 's3',
      line: 4,
    });
    feed.flush();
    expect(run.phase).toBe('failed');
    expect(run.error).toBe('RUN exit 3 returned a non-zero code: 3');
    expect(run.failedLine).toBe(4);
    expect(run.steps[0].state).toBe('failed');
    expect(target.highlighted).toEqual([4]);
    expect(target.went).toEqual([4]);
    expect(target.lastBuild).toMatchObject({ imageId: null, failedLine: 4 });
    expect(target.lastBuild?.steps.map((s) => s.state)).toEqual(['failed']);
  });

  it('takes the line of the step still running when the failure names none', async () => {
    const { feed, run, target } = await started();
    feed.event({
      kind: 'step',
      id: 's1',
      name: 'FROM',
      line: 1,
      state: 'done',
      startedMs: 0,
      endedMs: 1,
    });
    feed.event({
      kind: 'step',
      id: 's2',
      name: 'RUN false',
      line: 7,
      state: 'started',
      startedMs: 1,
      endedMs: null,
    });
    feed.last.send({ type: 'error', error: { code: 'failed', message: 'the builder stopped' } });
    feed.flush();
    expect(run.phase).toBe('failed');
    expect(run.failedLine).toBe(7);
    expect(target.highlighted).toEqual([7]);
  });

  it('on success records the build in the session', async () => {
    const { feed, run, target, tick } = await started();
    feed.event({
      kind: 'step',
      id: 's1',
      name: 'FROM',
      line: 1,
      state: 'done',
      startedMs: 0,
      endedMs: 1,
    });
    tick(2500);
    feed.event({ kind: 'done', imageId: 'sha256:abc', tags: ['app:1'], seconds: 2.5 });
    feed.flush();
    expect(run.phase).toBe('done');
    expect(run.result).toEqual({ imageId: 'sha256:abc', tags: ['app:1'], seconds: 2.5 });
    expect(run.elapsedMs()).toBe(2500);
    expect(target.lastBuild).toEqual({
      imageId: 'sha256:abc',
      tags: ['app:1'],
      steps: [{ id: 's1', name: 'FROM', line: 1, state: 'done', startedMs: 0, endedMs: 1 }],
      failedLine: null,
    });
  });

  it('cancel stops the build on the engine and marks running steps cancelled', async () => {
    const { feed, run, target } = await started();
    feed.event({
      kind: 'step',
      id: 's1',
      name: 'RUN sleep 60',
      line: 2,
      state: 'started',
      startedMs: 0,
      endedMs: null,
    });
    await run.cancel();
    feed.flush();
    expect(feed.last.cancelled).toBe(true);
    expect(run.phase).toBe('cancelled');
    expect(run.steps[0].state).toBe('cancelled');
    expect(target.highlighted).toEqual([]);
  });

  it('a cancel that ends only with the stream error is a cancel too', async () => {
    const { feed, run } = await started();
    feed.last.send({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
    expect(run.phase).toBe('cancelled');
    expect(run.error).toBeNull();
  });

  it('an end without a result is a failure, not a success', async () => {
    const { feed, run, target } = await started();
    feed.last.send({ type: 'end', end: null });
    expect(run.phase).toBe('failed');
    expect(target.lastBuild?.imageId).toBeNull();
  });

  it('a refused start is shown as the error', async () => {
    const feed = new FakeBuildFeed();
    feed.refuse = new Error('tags[0]: a tag is lowercase');
    const run = new BuildRun(feed, session(), { frame: feed.frame });
    await run.start(spec);
    expect(run.phase).toBe('failed');
    expect(run.error).toBe('tags[0]: a tag is lowercase');
  });

  it('a new build clears the last one and its highlight; late messages of the old are ignored', async () => {
    const { feed, run, target } = await started();
    feed.event({ kind: 'failed', message: 'no', stepId: null, line: 3 });
    expect(target.highlighted).toEqual([3]);
    const old = feed.last;
    await run.start(spec);
    expect(target.highlighted).toEqual([]);
    old.send({ type: 'data', data: { kind: 'log', stepId: null, text: 'late' } });
    feed.flush();
    expect(run.lines).toEqual([]);
    expect(run.phase).toBe('running');
  });

  it('a build of a folder the session no longer shows marks nothing there', async () => {
    const { feed, run, target } = await started();
    target.folder = '/tmp/other';
    feed.event({ kind: 'failed', message: 'no', stepId: null, line: 2 });
    expect(run.phase).toBe('failed');
    expect(target.highlighted).toEqual([]);
    expect(target.went).toEqual([]);
    expect(target.lastBuild).toBeNull();
  });
});

describe('buildRunFor', () => {
  it('keeps one build per session until the session is disposed, which cancels it', async () => {
    const feed = new FakeBuildFeed();
    const disposers: (() => void)[] = [];
    const s = { ...session(), onDispose: (f: () => void) => void disposers.push(f) };
    const run = buildRunFor(s, feed, { frame: feed.frame });
    expect(buildRunFor(s, feed)).toBe(run);
    await run.start(spec);
    expect(disposers).toHaveLength(1);
    disposers[0]();
    await Promise.resolve();
    expect(feed.last.cancelled).toBe(true);
    expect(buildRunFor(s, feed)).not.toBe(run);
  });
});
