import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import LessonPanel from './LessonPanel.svelte';
import { backend } from '$lib/testing/fake-client';
import { FakeLearnArea, made, makeLesson } from '$lib/testing/fake-learn';

beforeEach(() => {
  backend.learn = new FakeLearnArea();
});

const stepStates = () => screen.getAllByTestId('lesson-step').map((s) => s.dataset.state);

describe('a lesson', () => {
  it('starts, waits for the engine, and ticks a step only when the check passes', async () => {
    const onchanged = vi.fn();
    render(LessonPanel, { id: 'tiny', onchanged });
    await fireEvent.click(await screen.findByTestId('lesson-start'));
    await waitFor(() => expect(stepStates()).toEqual(['current', 'later']));
    expect(screen.getByTestId('lesson-command-text')).toHaveTextContent(
      'docker run -d --name learn-tiny busybox sleep 600',
    );
    expect(screen.getByTestId('lesson-expects')).toHaveTextContent(
      'a container named learn-tiny is running',
    );
    // The user types it elsewhere; until the engine shows it, the step waits and says why.
    await fireEvent.click(screen.getByTestId('lesson-type'));
    expect(await screen.findByTestId('lesson-verdict')).toHaveTextContent(
      'Not yet: There is no container named learn-tiny yet.',
    );
    expect(backend.learn.done).toEqual([]);

    // The engine reports a change and now shows the container: the step is done.
    backend.learn.verdicts = [{ passed: true, seen: 'learn-tiny is running (from busybox).' }];
    backend.pushChange({ kinds: ['containers'], reconcile: false, seq: 1 } as never);
    await waitFor(() => expect(stepStates()).toEqual(['done', 'current']));
    expect(backend.learn.done).toEqual([0]);
    expect(screen.getByTestId('lesson-after')).toHaveTextContent('It runs.');
    expect(onchanged).toHaveBeenCalled();
  });

  it('shows what a read-only step printed when done for the user, and moves on', async () => {
    backend.learn.progress = { image: 'busybox', done: 1, keptImages: [] };
    backend.learn.printed = { text: 'NAMES  IMAGE\nlearn-tiny  busybox', failed: false };
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    await waitFor(() => expect(stepStates()).toEqual(['done', 'current']));
    expect(screen.getByText(/nothing changes in the engine/)).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('lesson-do'));
    expect(await screen.findByTestId('lesson-printed')).toHaveTextContent('learn-tiny busybox');
    await waitFor(() => expect(stepStates()).toEqual(['done', 'done']));
    expect(screen.getByTestId('lesson-complete')).toBeInTheDocument();
    expect(screen.getByTestId('lesson-finish')).toHaveTextContent('Finish and clean up…');
  });

  it('says why it cannot start, naming what is in the way', async () => {
    backend.learn.startRefusal =
      'names: this lesson makes container learn-tiny, which already exist on this engine.';
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    await fireEvent.click(await screen.findByTestId('lesson-start'));
    expect(await screen.findByTestId('lesson-start-error')).toHaveTextContent(
      'container learn-tiny',
    );
    expect(screen.getAllByTestId('lesson-step').every((s) => s.dataset.state === 'later')).toBe(
      true,
    );
  });

  it('finishes by removing exactly what the preview listed', async () => {
    backend.learn.progress = { image: 'busybox', done: 2, keptImages: [] };
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    await fireEvent.click(await screen.findByTestId('lesson-finish'));
    const item = await screen.findByTestId('lesson-finish-item');
    expect(item.dataset.name).toBe('learn-tiny');
    await fireEvent.click(screen.getByTestId('lesson-finish-confirm'));
    expect(await screen.findByTestId('lesson-finish-result')).toHaveTextContent('Removed 1 thing');
    expect(backend.learn.finished).toEqual([
      {
        id: 'tiny',
        seen: made({ containers: ['learn-tiny'] }),
      },
    ]);
  });

  it('lists the services, the swarm and the files a lesson made before finishing', async () => {
    backend.learn.progress = { image: 'busybox', done: 8, keptImages: [] };
    backend.learn.finishPreview = made({
      networks: ['docker_gwbridge'],
      files: ['Dockerfile'],
      services: ['learn-web'],
      swarm: true,
    });
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    await fireEvent.click(await screen.findByTestId('lesson-finish'));
    await screen.findAllByTestId('lesson-finish-item');
    const listed = screen
      .getAllByTestId('lesson-finish-item')
      .map((i) => `${i.dataset.kind} ${i.dataset.name}`);
    expect(listed).toEqual(['networks docker_gwbridge', 'services learn-web', 'files Dockerfile']);
    expect(screen.getByTestId('lesson-finish-swarm')).toHaveTextContent(
      'docker swarm leave --force',
    );
    await fireEvent.click(screen.getByTestId('lesson-finish-confirm'));
    expect(await screen.findByTestId('lesson-finish-result')).toHaveTextContent('Removed 4 things');
  });

  it('offers no "Do it for me" on a step that needs the user\'s terminal, and says why', async () => {
    const lesson = backend.learn.lesson;
    lesson.steps[0] = {
      ...lesson.steps[0],
      command: 'docker run -it --name learn-tiny busybox sh',
      terminalOnly:
        '`-i`/`-t` connect your keyboard to the container: that needs your own terminal.',
    };
    backend.learn.progress = { image: 'busybox', done: 0, keptImages: [] };
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    expect(await screen.findByTestId('lesson-terminal-only')).toHaveTextContent(
      'needs your own terminal',
    );
    expect(screen.queryByTestId('lesson-do')).toBeNull();
  });

  it('offers to pull the suggested image when it is not on the engine', async () => {
    backend.learn.imageHere = false;
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    expect(await screen.findByTestId('lesson-start-panel')).toHaveTextContent(
      'which is not on this engine',
    );
    await fireEvent.click(screen.getByTestId('lesson-pull'));
    expect(await screen.findByTestId('pull-dialog')).toBeInTheDocument();
  });

  it("shows a lesson's files and, on a build step, the folder to type it in", async () => {
    backend.learn.folder = '/home/me/tugboat-lessons/tiny';
    backend.learn.lesson = makeLesson({
      files: [{ path: 'Dockerfile', text: 'FROM busybox\nCMD ["echo", "hi"]\n' }],
    });
    backend.learn.lesson.steps[0] = {
      ...backend.learn.lesson.steps[0],
      command: 'docker build -t learn-tiny:1 .',
      check: { kind: 'image', reference: 'learn-tiny:1' },
    };
    backend.learn.progress = { image: 'busybox', done: 0, keptImages: [] };
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    expect(await screen.findByTestId('lesson-folder-hint')).toHaveTextContent(
      'cd /home/me/tugboat-lessons/tiny',
    );
    const file = screen.getByTestId('lesson-file');
    expect(file.dataset.path).toBe('Dockerfile');
    expect(file).toHaveTextContent('CMD ["echo", "hi"]');
  });

  it('names another image a step runs that is not here, and pulls that one', async () => {
    backend.learn.alsoMissing = ['registry:2'];
    render(LessonPanel, { id: 'tiny', onchanged: () => undefined });
    expect(await screen.findByTestId('lesson-also-missing')).toHaveTextContent(
      'A step also runs registry:2, which is not on this engine.',
    );
    // The lesson's own image is here: no pull offered for it.
    expect(screen.queryByTestId('lesson-pull')).toBeNull();
    await fireEvent.click(screen.getByTestId('lesson-pull-other'));
    const dialog = await screen.findByTestId('pull-dialog');
    expect(within(dialog).getByTestId('pull-reference')).toHaveValue('registry:2');
  });
});
