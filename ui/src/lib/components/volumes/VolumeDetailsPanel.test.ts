// A volume's details: the readable overview (driver, mountpoint, options, labels, users), the
// engine's JSON in its own tab, the inspect command from Rust, and a re-read when a change
// names the volume. The create dialog shows Rust's field errors under their fields.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeVolume } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import VolumeDetailsPanel from './VolumeDetailsPanel.svelte';
import CreateVolumeDialog from './CreateVolumeDialog.svelte';
import { backend } from '$lib/testing/fake-client';

beforeEach(() => {
  backend.volumes.reset();
  const row = makeVolume({
    name: 'pg',
    labels: [['team', 'core']],
    usedBy: [{ id: 'c9', name: 'db', state: 'exited' }],
  });
  backend.volumes.rows = [row];
  backend.volumes.details.pg = {
    row,
    options: [['type', 'tmpfs']],
    status: [],
    command: 'docker volume inspect pg',
    rawJson: '{\n  "Name": "pg"\n}',
  };
});

describe('the volume details panel', () => {
  it('shows the overview, then the raw JSON in its tab', async () => {
    render(VolumeDetailsPanel, { name: 'pg', onclose: vi.fn(), onremove: vi.fn() });
    expect(await screen.findByTestId('volume-overview')).toHaveTextContent('local');
    expect(screen.getByTestId('volume-inspect-command-text')).toHaveTextContent(
      'docker volume inspect pg',
    );
    expect(screen.getByTestId('volume-options')).toHaveTextContent('type=tmpfs');
    expect(screen.getByTestId('volume-labels')).toHaveTextContent('team=core');
    expect(screen.getByTestId('volume-user')).toHaveTextContent('db');
    await fireEvent.click(screen.getByTestId('volume-tab-json'));
    expect(await screen.findByTestId('volume-json')).toHaveTextContent('"Name": "pg"');
    expect(screen.queryByTestId('volume-overview')).toBeNull();
  });

  it('reads the volume again when a change names it', async () => {
    const inspect = vi.spyOn(backend.client().volumes, 'inspect');
    const view = render(VolumeDetailsPanel, {
      name: 'pg',
      onclose: vi.fn(),
      onremove: vi.fn(),
      version: 0,
    });
    await screen.findByTestId('volume-overview');
    backend.volumes.details.pg = {
      ...backend.volumes.details.pg,
      row: makeVolume({ name: 'pg', usedBy: [] }),
    };
    await view.rerender({ name: 'pg', onclose: vi.fn(), onremove: vi.fn(), version: 1 });
    await waitFor(() =>
      expect(screen.getByTestId('volume-used-by')).toHaveTextContent('No container'),
    );
    expect(inspect).toHaveBeenCalledTimes(2);
    inspect.mockRestore();
  });
});

describe('the create dialog', () => {
  it('shows each error Rust finds under its field and will not create', async () => {
    const client = backend.client().volumes;
    const preview = vi.spyOn(client, 'createPreview').mockResolvedValue({
      commandLine: '',
      errors: [{ field: 'name', message: 'volume name `_x` is not valid for the local driver' }],
    });
    render(CreateVolumeDialog, { onclose: vi.fn(), ondone: vi.fn() });
    await fireEvent.input(screen.getByTestId('volume-create-name'), { target: { value: '_x' } });
    expect(await screen.findByTestId('volume-create-error')).toHaveTextContent('not valid');
    expect(screen.getByTestId('volume-create-submit')).toBeDisabled();
    preview.mockRestore();
  });

  it('creates from the form and reports the command it ran', async () => {
    const ondone = vi.fn();
    render(CreateVolumeDialog, { onclose: vi.fn(), ondone });
    await fireEvent.input(screen.getByTestId('volume-create-name'), { target: { value: 'app' } });
    await waitFor(() =>
      expect(screen.getByTestId('volume-create-command-text')).toHaveTextContent(
        'docker volume create app',
      ),
    );
    await waitFor(() => expect(screen.getByTestId('volume-create-submit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('volume-create-submit'));
    await waitFor(() => expect(ondone).toHaveBeenCalled());
    expect(backend.volumes.created.map((f) => f.name)).toEqual(['app']);
    expect(ondone.mock.calls[0][0]).toMatchObject({
      ok: true,
      command: 'docker volume create app',
    });
  });
});
