import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import LearnView from './LearnView.svelte';
import { backend } from '$lib/testing/fake-client';
import { FakeLearnArea } from '$lib/testing/fake-learn';

beforeEach(() => {
  backend.learn = new FakeLearnArea();
});

describe('the Learn view', () => {
  it('lists the lessons with their progress and opens one', async () => {
    backend.learn.progress = { image: 'busybox', done: 1, keptImages: [] };
    render(LearnView);
    const item = await screen.findByTestId('lesson-item');
    expect(item).toHaveTextContent('Tiny');
    expect(item).toHaveTextContent('1 of 2 steps done');
    await fireEvent.click(item);
    expect(await screen.findByTestId('lesson-panel')).toHaveAttribute('data-id', 'tiny');
  });

  it('lists every reason a pasted lesson is refused, each with its line', async () => {
    backend.learn.importAnswer = {
      lesson: null,
      refusals: [
        { line: 2, reason: 'id `Bad Id`: use lowercase letters' },
        { line: 10, reason: 'step 1: `docker login` is not a command lessons know' },
      ],
    };
    render(LearnView);
    await fireEvent.click(await screen.findByTestId('lesson-paste-toggle'));
    await fireEvent.input(screen.getByTestId('lesson-paste-text'), {
      target: { value: 'format = 1\nid = "Bad Id"' },
    });
    await fireEvent.click(screen.getByTestId('lesson-paste-add'));
    const lines = await screen.findAllByTestId('lesson-refusal');
    expect(lines.map((l) => l.dataset.line)).toEqual(['2', '10']);
    expect(lines[1]).toHaveTextContent('line 10: step 1: `docker login` is not a command');
    expect(backend.learn.imports).toEqual(['format = 1\nid = "Bad Id"']);
  });

  it('opens a lesson once it is added', async () => {
    backend.learn.importAnswer = {
      lesson: {
        id: 'tiny',
        title: 'Tiny',
        summary: 'Two steps.',
        steps: 2,
        imported: true,
        done: null,
      },
      refusals: [],
    };
    render(LearnView);
    await fireEvent.click(await screen.findByTestId('lesson-paste-toggle'));
    await fireEvent.input(screen.getByTestId('lesson-paste-text'), {
      target: { value: 'format = 1' },
    });
    await fireEvent.click(screen.getByTestId('lesson-paste-add'));
    expect(await screen.findByTestId('lesson-import-note')).toHaveTextContent('Added “Tiny”.');
    await waitFor(() =>
      expect(screen.getByTestId('lesson-panel')).toHaveAttribute('data-id', 'tiny'),
    );
  });
});
