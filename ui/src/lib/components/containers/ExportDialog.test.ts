import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ContainerDetails, ExportMessage, StreamHandle } from '$lib/ipc/client';

/** The exports the dialog started, as the backend sees them: the test decides when each
 *  stream's id comes back and what messages it sends. */
const exports = vi.hoisted(
  () =>
    [] as {
      send: (m: ExportMessage) => void;
      open: (h: StreamHandle) => void;
      cancelled: number;
    }[],
);

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ExportDialog from './ExportDialog.svelte';
import { backend } from '$lib/testing/fake-client';

const api = backend.client();
api.files.chooseExportPath = async () => '/tmp/web.tar';
api.containers.export = (_id, _dest, _replace, send) =>
  new Promise<StreamHandle>((open) => {
    exports.push({ send, open, cancelled: 0 });
  });

const details = { id: 'c1', name: 'web' } as ContainerDetails;

async function started() {
  exports.length = 0;
  render(ExportDialog, { details, onclose: vi.fn() });
  await fireEvent.click(screen.getByTestId('export-choose'));
  await waitFor(() => expect(screen.getByTestId('export-start')).toBeEnabled());
  await fireEvent.click(screen.getByTestId('export-start'));
  await waitFor(() => expect(exports).toHaveLength(1));
  const e = exports[0];
  const handle: StreamHandle = {
    id: 4,
    cancel: async () => {
      e.cancelled++;
    },
  };
  return { e, handle };
}

describe('the export dialog', () => {
  it('cancels an export whose stream id had not come back when Cancel was pressed', async () => {
    const { e, handle } = await started();
    await fireEvent.click(screen.getByTestId('export-cancel'));
    expect(e.cancelled).toBe(0);
    e.open(handle);
    await waitFor(() => expect(e.cancelled).toBe(1));
    e.send({ type: 'error', error: { code: 'cancelled', message: 'cancelled' } });
    expect(await screen.findByTestId('export-error')).toHaveTextContent(
      'Export cancelled. Nothing was written.',
    );
    expect(screen.queryByTestId('export-cancel')).toBeNull();
  });

  it('shows progress as data and the outcome from the stream end', async () => {
    const { e, handle } = await started();
    e.open(handle);
    e.send({ type: 'data', data: { type: 'sized', estimatedBytes: 4000 } });
    e.send({ type: 'data', data: { type: 'progress', bytes: 2000 } });
    expect(await screen.findByTestId('export-progress')).toHaveTextContent('2.00 kB written');
    e.send({ type: 'end', end: { destination: '/tmp/web.tar', bytes: 4096 } });
    expect(await screen.findByTestId('export-done')).toHaveTextContent('/tmp/web.tar');
    expect(screen.queryByTestId('export-progress')).toBeNull();
  });

  it('offers to replace when the stream ends with a conflict', async () => {
    const { e, handle } = await started();
    e.open(handle);
    e.send({
      type: 'error',
      error: { code: 'conflict', message: 'destination: /tmp/web.tar exists' },
    });
    expect(await screen.findByTestId('export-error')).toHaveTextContent('exists');
    expect(screen.getByTestId('export-replace')).toBeInTheDocument();
  });
});
