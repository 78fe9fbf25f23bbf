import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import VolumeFiles from './VolumeFiles.svelte';
import { backend } from '$lib/testing/fake-client';
import type { VolumeFile } from '$lib/ipc/client';

function file(path: string, over: Partial<VolumeFile> = {}): VolumeFile {
  return {
    name: path.split('/').pop() ?? path,
    path,
    kind: 'file',
    size: 5,
    mode: 0o644,
    modifiedMs: 0,
    linkTarget: null,
    ...over,
  };
}

const last = () => backend.transfers[backend.transfers.length - 1];

describe('VolumeFiles', () => {
  backend.volumeFolders = {
    'data:': [file('logs', { kind: 'folder', size: 0, mode: 0o755 }), file('a.txt')],
    'data:logs': [file('logs/<b>today</b>.txt')],
  };

  it('browses folders and renders names as text', async () => {
    const { container } = render(VolumeFiles, { name: 'data' });
    const rows = await screen.findAllByTestId('volume-file');
    expect(rows.map((r) => r.dataset.path)).toEqual(['logs', 'a.txt']);
    expect(rows[1]).toHaveTextContent('0644');
    await fireEvent.click(screen.getByTestId('volume-file-open'));
    await waitFor(() =>
      expect(screen.getAllByTestId('volume-file').map((r) => r.dataset.path)).toEqual([
        'logs/<b>today</b>.txt',
      ]),
    );
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByTestId('volume-files-crumb')).toHaveTextContent('logs');
    await fireEvent.click(screen.getByTestId('volume-files-top'));
    await waitFor(() => expect(screen.getAllByTestId('volume-file')).toHaveLength(2));
  });

  it('uploads into the folder shown, with progress, its command, and a fresh list', async () => {
    backend.volumeChoices.upload = '/home/me/notes.txt';
    render(VolumeFiles, { name: 'data' });
    await screen.findAllByTestId('volume-file');
    await fireEvent.click(screen.getByTestId('volume-files-upload'));
    await waitFor(() => expect(last()?.action).toBe('upload'));
    expect(last().host).toEqual(['/home/me/notes.txt']);
    expect(last().target).toBe('');
    last().send({ type: 'data', data: { bytes: 2048 } });
    expect(await screen.findByTestId('volume-files-progress')).toHaveTextContent('2');
    backend.volumeFolders['data:'] = [...backend.volumeFolders['data:'], file('notes.txt')];
    last().send({ type: 'end', end: { bytes: 4096, command: 'docker cp notes.txt x:/volume' } });
    expect(await screen.findByTestId('volume-files-done')).toHaveTextContent('Uploaded');
    expect(screen.getByTestId('volume-files-command-text')).toHaveTextContent('docker cp');
    await waitFor(() => expect(screen.getAllByTestId('volume-file')).toHaveLength(3));
  });

  it('restores only over files when asked, and says a refusal', async () => {
    backend.volumeChoices.restore = '/home/me/data.tar';
    render(VolumeFiles, { name: 'data' });
    await screen.findAllByTestId('volume-file');
    await fireEvent.click(screen.getByTestId('volume-files-restore'));
    await waitFor(() => expect(last()?.action).toBe('restore'));
    expect(last().flag).toBe(false);
    last().send({
      type: 'error',
      error: { code: 'conflict', message: 'volume data is not empty (3 entries at its top)' },
    });
    expect(await screen.findByTestId('volume-files-error')).toHaveTextContent('not empty');
    await fireEvent.click(screen.getByTestId('volume-files-overwrite'));
    await fireEvent.click(screen.getByTestId('volume-files-restore'));
    await waitFor(() => expect(last().flag).toBe(true));
  });

  it('cancels a running download', async () => {
    backend.volumeChoices.download = '/home/me/out';
    render(VolumeFiles, { name: 'data' });
    await screen.findAllByTestId('volume-file');
    await fireEvent.click(screen.getAllByTestId('volume-file-download')[1]);
    await waitFor(() => expect(last()?.action).toBe('download'));
    expect(last().target).toBe('a.txt');
    await fireEvent.click(await screen.findByTestId('volume-files-cancel'));
    expect(last().cancelled).toBe(true);
  });
});
