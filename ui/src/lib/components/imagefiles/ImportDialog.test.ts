import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ImportForm } from '$lib/ipc/client';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ImportDialog from './ImportDialog.svelte';
import { backend } from '$lib/testing/fake-client';

const area = backend.imageFiles;

describe('the import dialog', () => {
  it('shows a change line the preview refused and keeps Import off until it is fixed', async () => {
    const fallback = area.importPreview;
    area.importPreview = (form: ImportForm, file: string) =>
      form.changes.some((c) => c.startsWith('RUN'))
        ? {
            commandLine: '',
            errors: [{ field: 'changes[0]', message: 'line 1: `RUN x`: RUN is not a change' }],
          }
        : fallback(form, file);
    area.choices.import = '/tmp/rootfs.tar';
    area.imports.length = 0;
    render(ImportDialog, { onclose: vi.fn() });
    await fireEvent.click(screen.getByTestId('image-import-choose'));
    await fireEvent.input(screen.getByTestId('image-import-changes'), {
      target: { value: 'RUN x' },
    });
    expect(await screen.findByTestId('image-import-changes-error')).toHaveTextContent(
      'RUN is not a change',
    );
    expect(screen.getByTestId('image-import-start')).toBeDisabled();

    await fireEvent.input(screen.getByTestId('image-import-changes'), {
      target: { value: 'CMD ["echo","hi"]' },
    });
    await fireEvent.input(screen.getByTestId('image-import-reference'), {
      target: { value: 'rootfs:1' },
    });
    await waitFor(() => expect(screen.getByTestId('image-import-start')).toBeEnabled());
    expect(screen.getByTestId('image-import-command-text')).toHaveTextContent(
      `docker import -c 'CMD ["echo","hi"]' /tmp/rootfs.tar rootfs:1`,
    );
    await fireEvent.click(screen.getByTestId('image-import-start'));
    await waitFor(() => expect(area.imports).toHaveLength(1));
    const i = area.imports[0];
    expect(i.args).toEqual([
      { reference: 'rootfs:1', changes: ['CMD ["echo","hi"]'], message: null },
      '/tmp/rootfs.tar',
    ]);
    i.send({ type: 'data', data: { bytes: 50, total: 100 } });
    expect(await screen.findByTestId('image-import-progress')).toBeInTheDocument();
    i.send({ type: 'end', end: { id: 'sha256:0123456789abcdef', reference: 'rootfs:1' } });
    expect(await screen.findByTestId('image-import-done')).toHaveTextContent(
      'Imported as rootfs:1, image 0123456789ab.',
    );
    area.importPreview = fallback;
  });
});
