import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { FakeRunArea, makeRunPreview } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import RunFormPanel from './RunFormPanel.svelte';
import { backend } from '$lib/testing/fake-client';

function open() {
  backend.run = new FakeRunArea();
  render(RunFormPanel, { onclose: vi.fn() });
  return backend.run;
}

/** Waits until the form has the preview for what is in it. */
const settled = () =>
  waitFor(() => expect(screen.getByTestId('run-form')).toHaveAttribute('aria-busy', 'false'));

describe('the run form', () => {
  it('renders every section', async () => {
    open();
    await settled();
    for (const id of ['run-image', 'add-port', 'add-mount', 'add-env', 'run-memory']) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
    for (const id of ['run-network', 'add-label', 'run-advanced', 'run-preview', 'run-paste']) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
    for (const heading of ['Ports', 'Storage', 'Environment', 'Health check', 'Labels']) {
      expect(screen.getByRole('heading', { name: heading })).toBeInTheDocument();
    }
  });

  it('asks for a preview of what is typed and shows its parts', async () => {
    const area = open();
    await settled();
    area.answer = (f) =>
      makeRunPreview({
        commandLine: `docker run -d ${f.image}`,
        parts: [
          { text: 'docker run', help: '' },
          { text: '-d', help: '' },
          { text: f.image, help: 'The image' },
        ],
      });
    await fireEvent.input(screen.getByTestId('run-image'), { target: { value: 'nginx:1' } });
    await waitFor(() => expect(area.previews.at(-1)?.image).toBe('nginx:1'));
    await settled();
    const parts = screen.getAllByTestId('run-preview-part').map((p) => p.textContent);
    expect(parts).toEqual(['docker run', '-d', 'nginx:1']);
    expect(screen.getByTestId('run-command-line-text')).toHaveTextContent(
      '$ docker run -d nginx:1',
    );
  });

  it('shows errors on their fields and keeps Run off until they are fixed', async () => {
    const area = open();
    area.answer = (f) =>
      f.memory === 'lots'
        ? makeRunPreview({
            commandLine: '',
            parts: [],
            errors: [{ field: 'memory', message: 'give a size such as 512m' }],
          })
        : makeRunPreview();
    await fireEvent.input(screen.getByTestId('run-memory'), { target: { value: 'lots' } });
    await settled();
    await waitFor(() => expect(area.previews.at(-1)?.memory).toBe('lots'));
    const error = await screen.findByTestId('field-error');
    expect(error).toHaveAttribute('data-field', 'memory');
    expect(error).toHaveTextContent('give a size such as 512m');
    expect(screen.getByTestId('run-invalid')).toHaveTextContent('Fix 1 field');
    expect(screen.getByTestId('run-submit')).toBeDisabled();

    await fireEvent.input(screen.getByTestId('run-memory'), { target: { value: '64m' } });
    await waitFor(() => expect(screen.getByTestId('run-submit')).toBeEnabled());
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it('shows an env row error under its row, by the path Rust names', async () => {
    const area = open();
    area.answer = (f) =>
      f.env.length && f.env[0].name === ''
        ? makeRunPreview({ errors: [{ field: 'env[0].name', message: 'give a name' }] })
        : makeRunPreview();
    await fireEvent.click(screen.getByTestId('add-env'));
    const row = await screen.findByTestId('env-row');
    await fireEvent.input(within(row).getByLabelText('Value'), { target: { value: 'x' } });
    const error = await screen.findByTestId('field-error');
    expect(error).toHaveAttribute('data-field', 'env[0].name');
  });

  it('runs the form as it is and says what started', async () => {
    const area = open();
    await settled();
    await fireEvent.input(screen.getByTestId('run-image'), { target: { value: 'busybox:1' } });
    await fireEvent.click(screen.getByTestId('add-port'));
    await fireEvent.input(screen.getByTestId('port-container'), { target: { value: '80' } });
    await settled();
    await waitFor(() => expect(screen.getByTestId('run-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('run-submit'));
    const started = await screen.findByTestId('run-started');
    expect(started).toHaveTextContent('Started quirky_fox.');
    expect(area.runs).toHaveLength(1);
    expect(area.runs[0]).toMatchObject({
      image: 'busybox:1',
      ports: [{ hostIp: '', hostPort: '', containerPort: '80', protocol: '' }],
    });
  });
});
