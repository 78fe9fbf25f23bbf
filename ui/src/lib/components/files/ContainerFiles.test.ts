import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
// jsdom lays nothing out, so the virtualised list would render no rows: render them all.
vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

import ContainerFiles from './ContainerFiles.svelte';
import { backend } from '$lib/testing/fake-client';
import { makeDetails } from '$lib/testing/fake-ipc';
import { makeEntry } from '$lib/testing/fake-container-files';

const area = backend.containerFiles;
const last = () => area.copies[area.copies.length - 1];
const details = (state: 'running' | 'exited') => makeDetails({ id: 'c1', name: 'web', state });

describe('ContainerFiles', () => {
  area.folders = {
    'c1:/': [makeEntry('/etc', { kind: 'folder', size: 0, mode: 0o755 }), makeEntry('/notes.txt')],
    'c1:/etc': [
      makeEntry('/etc/<img src=x onerror=alert(1)>'),
      makeEntry('/etc/mtab', { kind: 'symlink', size: 0, linkTarget: '/proc/mounts' }),
    ],
  };

  it('browses into a folder and back, names as text', async () => {
    const { container } = render(ContainerFiles, { id: 'c1', details: details('running') });
    const rows = await screen.findAllByTestId('container-file');
    expect(rows.map((r) => r.dataset.path)).toEqual(['/etc', '/notes.txt']);
    await fireEvent.click(screen.getByTestId('container-file-open'));
    await waitFor(() =>
      expect(screen.getAllByTestId('container-file').map((r) => r.dataset.path)).toEqual([
        '/etc/<img src=x onerror=alert(1)>',
        '/etc/mtab',
      ]),
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getAllByTestId('container-file')[1]).toHaveTextContent('→ /proc/mounts');
    expect(screen.getByTestId('container-files-crumb')).toHaveTextContent('etc');
    expect(screen.getByTestId('container-files')).toHaveAttribute('data-path', '/etc');
    await fireEvent.click(screen.getByTestId('container-files-top'));
    await waitFor(() => expect(screen.getAllByTestId('container-file')).toHaveLength(2));
    expect(area.listed.slice(-3)).toEqual(['/', '/etc', '/']);
  });

  it('says a stopped container can be read, and how', async () => {
    render(ContainerFiles, { id: 'c1', details: details('exited') });
    await screen.findAllByTestId('container-file');
    expect(screen.getByTestId('container-files-state')).toHaveTextContent('writable layer');
  });

  it('downloads a folder with progress, its docker cp line, and cancel', async () => {
    area.choices.download = '/home/me/out';
    render(ContainerFiles, { id: 'c1', details: details('running') });
    await screen.findAllByTestId('container-file');
    await fireEvent.click(screen.getAllByTestId('container-file-download')[0]);
    await waitFor(() => expect(last()?.way).toBe('download'));
    expect(last()).toMatchObject({ id: 'c1', path: '/etc', host: ['/home/me/out'] });
    expect(screen.getByTestId('container-files-command-text')).toHaveTextContent(
      'docker cp web:/etc /home/me/out',
    );
    last().send({ type: 'data', data: { bytes: 2048 } });
    expect(await screen.findByTestId('container-files-progress')).toHaveTextContent('2');
    await fireEvent.click(screen.getByTestId('container-files-cancel'));
    expect(last().cancelled).toBe(true);
    last().send({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
    expect(await screen.findByTestId('container-files-error')).toHaveTextContent('Cancelled.');
  });

  it('uploads into the folder shown, asking first when a name is already there', async () => {
    area.choices.uploadFile = '/home/me/notes.txt';
    render(ContainerFiles, { id: 'c1', details: details('running') });
    await screen.findAllByTestId('container-file');
    const before = area.copies.length;
    await fireEvent.click(screen.getByTestId('container-files-upload'));
    expect(await screen.findByTestId('container-files-replace')).toHaveTextContent(
      'notes.txt is already in /',
    );
    expect(area.copies.length).toBe(before);
    await fireEvent.click(screen.getByTestId('container-files-replace-no'));
    expect(screen.queryByTestId('container-files-replace')).toBeNull();
    expect(area.copies.length).toBe(before);

    await fireEvent.click(screen.getByTestId('container-files-upload'));
    await fireEvent.click(await screen.findByTestId('container-files-replace-yes'));
    await waitFor(() => expect(area.copies.length).toBe(before + 1));
    expect(last()).toMatchObject({ way: 'upload', path: '/', host: ['/home/me/notes.txt'] });
    const lists = area.listed.length;
    last().send({ type: 'end', end: { bytes: 20, command: 'docker cp /home/me/notes.txt web:/' } });
    expect(await screen.findByTestId('container-files-done')).toHaveTextContent('Uploaded');
    await waitFor(() => expect(area.listed.length).toBe(lists + 1));
  });

  it('says a refused upload in words', async () => {
    area.choices.uploadFolder = '/home/me/site';
    render(ContainerFiles, { id: 'c1', details: details('running') });
    await screen.findAllByTestId('container-file');
    await fireEvent.click(screen.getByTestId('container-files-upload-folder'));
    await waitFor(() => expect(last()?.host).toEqual(['/home/me/site']));
    last().send({
      type: 'error',
      error: {
        code: 'conflict',
        message:
          'folder: / in web is on a read-only root filesystem (the container runs with --read-only)',
      },
    });
    expect(await screen.findByTestId('container-files-error')).toHaveTextContent('--read-only');
  });

  it('shows the start of a text file as text, and says a binary one is not text', async () => {
    area.peeks['/notes.txt'] = {
      text: '<b>bold?</b> line',
      binary: false,
      shown: 65536,
      size: 100000,
    };
    area.peeks['/etc'] = { text: '', binary: true, shown: 10, size: 10 };
    const { container } = render(ContainerFiles, { id: 'c1', details: details('running') });
    await screen.findAllByTestId('container-file');
    expect(screen.getAllByTestId('container-file-view')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('container-file-view'));
    expect(await screen.findByTestId('container-files-viewer-text')).toHaveTextContent(
      '<b>bold?</b> line',
    );
    expect(container.querySelector('pre b')).toBeNull();
    expect(screen.getByTestId('container-files-viewer')).toHaveTextContent(
      'the first 65.5 kB of 100 kB',
    );
    await fireEvent.click(screen.getByTestId('container-files-viewer-close'));
    expect(screen.queryByTestId('container-files-viewer')).toBeNull();
  });

  it('virtualises a long folder', async () => {
    area.folders['c2:/'] = Array.from({ length: 200 }, (_, i) => makeEntry(`/f${i}`));
    const { container } = render(ContainerFiles, { id: 'c2', details: details('running') });
    await screen.findAllByTestId('container-file');
    expect(container.querySelector('.entries.long')).toHaveAttribute('data-count', '200');
  });

  it('shows why a folder cannot be listed', async () => {
    render(ContainerFiles, { id: 'nope', details: makeDetails({ id: 'nope', name: 'gone' }) });
    expect(await screen.findByTestId('container-files-list-error')).toHaveTextContent(
      'is not in nope',
    );
  });
});
