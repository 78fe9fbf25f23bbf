// The pull and push dialogs: the line each equals and field errors from Rust, per-layer rows in
// words as progress arrives, Cancel stopping the stream, and what arrived once done.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import PullDialog from './PullDialog.svelte';
import PushDialog from './PushDialog.svelte';
import { backend } from '$lib/testing/fake-client';
import { FakePullArea } from '$lib/testing/fake-pull';
import { navigation } from '$lib/navigation.svelte';
import type { ImageProgress } from '$lib/ipc/client';

const progress = (over: Partial<ImageProgress> = {}): ImageProgress => ({
  layers: [
    { id: '4140bc56a4ab', phase: 'alreadyExists', current: 0, total: 0 },
    { id: 'a93bbc18fee0', phase: 'downloading', current: 1_000_000, total: 3_000_000 },
  ],
  bytesDone: 1_000_000,
  bytesTotal: 3_000_000,
  done: false,
  ...over,
});

beforeEach(() => {
  // Fresh streams and previews; the client's calls stay bound to this same area.
  Object.assign(backend.pull, new FakePullArea());
});

describe('the pull dialog', () => {
  it('shows the line for a reference it was opened with, and field errors from Rust', async () => {
    render(PullDialog, { reference: 'localhost:5117/it/app:v1', onclose: () => {} });
    await waitFor(() =>
      expect(screen.getByTestId('pull-command')).toHaveTextContent(
        'docker pull localhost:5117/it/app:v1',
      ),
    );
    backend.pull.pullPreview = () => ({
      commandLine: '',
      errors: [{ field: 'platform', message: '`x y` is not a platform' }],
    });
    await fireEvent.input(screen.getByTestId('pull-platform'), { target: { value: 'x y' } });
    await waitFor(() =>
      expect(screen.getByTestId('pull-field-error')).toHaveAttribute('data-field', 'platform'),
    );
    expect(screen.getByTestId('pull-submit')).toBeDisabled();
  });

  it('shows each layer in words as it moves, then what arrived, and opens it', async () => {
    const closed = vi.fn();
    render(PullDialog, { reference: 'busybox', onclose: closed });
    await waitFor(() => expect(screen.getByTestId('pull-submit')).toBeEnabled());
    await fireEvent.input(screen.getByTestId('pull-platform'), {
      target: { value: 'linux/arm64' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('pull-command')).toHaveTextContent('--platform linux/arm64'),
    );
    await fireEvent.click(screen.getByTestId('pull-submit'));
    await waitFor(() => expect(backend.pull.pulls).toHaveLength(1));
    expect(backend.pull.pulls[0].form).toEqual({ reference: 'busybox', platform: 'linux/arm64' });
    backend.pull.pulls[0].send({ type: 'data', data: progress() });
    await waitFor(() => expect(screen.getAllByTestId('pull-layer')).toHaveLength(2));
    const [have, moving] = screen.getAllByTestId('pull-layer');
    expect(have).toHaveTextContent('Already here');
    expect(moving).toHaveAttribute('data-phase', 'downloading');
    expect(moving).toHaveTextContent('Downloading');
    expect(screen.getByTestId('pull-overall-text')).toHaveTextContent('1 of 2 layers');
    expect(screen.getByTestId('pull-cancel')).toBeInTheDocument();

    backend.pull.pulls[0].send({
      type: 'data',
      data: progress({
        layers: [
          { id: '4140bc56a4ab', phase: 'alreadyExists', current: 0, total: 0 },
          { id: 'a93bbc18fee0', phase: 'done', current: 3_000_000, total: 3_000_000 },
        ],
        bytesDone: 3_000_000,
        done: true,
      }),
    });
    backend.pull.pulls[0].send({
      type: 'end',
      end: {
        reference: 'busybox:latest',
        id: 'sha256:' + 'ab'.repeat(32),
        digest: 'sha256:' + 'cd'.repeat(32),
        command: 'docker pull --platform linux/arm64 busybox',
      },
    });
    await waitFor(() => expect(screen.getByTestId('pull-done')).toHaveTextContent('abababababab'));
    expect(screen.getByTestId('pull-overall-text')).toHaveTextContent('2 of 2 layers');
    expect(screen.queryByTestId('pull-cancel')).toBeNull();
    await fireEvent.click(screen.getByTestId('pull-open'));
    expect(navigation.section).toBe('images');
    expect(navigation.take('images')).toBe('sha256:' + 'ab'.repeat(32));
    expect(closed).toHaveBeenCalled();
  });

  it('cancel stops the stream and says what was kept; an engine error is shown', async () => {
    render(PullDialog, { reference: 'busybox', onclose: () => {} });
    await waitFor(() => expect(screen.getByTestId('pull-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('pull-submit'));
    await waitFor(() => expect(backend.pull.pulls).toHaveLength(1));
    backend.pull.pulls[0].send({ type: 'data', data: progress() });
    await fireEvent.click(await screen.findByTestId('pull-cancel'));
    expect(backend.pull.pulls[0].cancelled).toBe(true);
    await screen.findByTestId('pull-cancelled');
    await fireEvent.click(screen.getByTestId('pull-submit'));
    await waitFor(() => expect(backend.pull.pulls).toHaveLength(2));
    backend.pull.pulls[1].send({
      type: 'error',
      error: { code: 'failed', message: 'busybox has no nope in docker.io' },
    });
    expect(await screen.findByTestId('pull-failed')).toHaveTextContent('has no nope');
  });
});

describe('the push dialog', () => {
  it('offers the image names, shows why one cannot go, and pushes the chosen one', async () => {
    backend.pull.pushPreview = (r) =>
      r.startsWith('busybox')
        ? {
            commandLine: '',
            errors: [{ field: 'reference', message: 'only Docker may push to library/busybox' }],
          }
        : { commandLine: `docker push ${r}`, errors: [] };
    render(PushDialog, {
      image: {
        id: 'sha256:' + '12'.repeat(32),
        repoTags: ['busybox:1', 'localhost:5117/it/app:v1', '<none>:<none>'],
        repoDigests: [],
        size: 1000,
        sharedSize: null,
        created: 0,
        containers: 0,
        dangling: false,
      },
      onclose: () => {},
    });
    const select = screen.getByTestId('push-reference');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['busybox:1', 'localhost:5117/it/app:v1']);
    expect(await screen.findByTestId('push-field-error')).toHaveTextContent('library/busybox');
    expect(screen.getByTestId('push-submit')).toBeDisabled();
    await fireEvent.change(select, { target: { value: 'localhost:5117/it/app:v1' } });
    await waitFor(() => expect(screen.getByTestId('push-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('push-submit'));
    await waitFor(() => expect(backend.pull.pushes).toHaveLength(1));
    expect(backend.pull.pushes[0].reference).toBe('localhost:5117/it/app:v1');
    backend.pull.pushes[0].send({
      type: 'data',
      data: progress({
        layers: [{ id: '38829a1109d5', phase: 'mounted', current: 0, total: 0 }],
      }),
    });
    expect(await screen.findByTestId('pull-layer')).toHaveTextContent(
      'Reused from another repository',
    );
    backend.pull.pushes[0].send({
      type: 'end',
      end: {
        reference: 'localhost:5117/it/app:v1',
        digest: 'sha256:' + 'ef'.repeat(32),
        command: 'docker push localhost:5117/it/app:v1',
      },
    });
    expect(await screen.findByTestId('push-done')).toHaveTextContent('sha256:efef');
  });
});
