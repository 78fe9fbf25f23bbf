// The History tab: the steps newest first as Dockerfile lines with sizes and layer marks,
// the engine's raw text on request, `<missing>` ids, the command, and the engine's error.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import type { HistoryStep } from '$lib/ipc/client';
import { makeImage } from '$lib/testing/fake-images';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend, TugboatError } from '$lib/testing/fake-client';
import HistoryTab from './HistoryTab.svelte';

function step(over: Partial<HistoryStep>): HistoryStep {
  return {
    id: null,
    created: 1_796_000_000,
    createdBy: '',
    instruction: '',
    size: 0,
    comment: '',
    tags: [],
    madeLayer: false,
    ...over,
  };
}

describe('HistoryTab', () => {
  it('lists the steps with their instruction, size and layer mark', async () => {
    backend.imageLayers.history = (id) => ({
      command: `docker history --no-trunc ${id}`,
      steps: [
        step({
          id: 'sha256:abcdef0123456789',
          tags: ['demo:1'],
          createdBy: '/bin/sh -c head -c 40 /dev/zero > /keep/other',
          instruction: 'RUN head -c 40 /dev/zero > /keep/other',
          size: 40,
          madeLayer: true,
        }),
        step({ createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', instruction: 'CMD ["sh"]' }),
      ],
    });
    render(HistoryTab, {
      image: makeImage({ id: 'sha256:abcdef0123456789', repoTags: ['demo:1'] }),
    });
    const rows = await screen.findAllByTestId('history-step');
    expect(backend.imageLayers.historyCalls).toEqual(['sha256:abcdef0123456789']);
    expect(rows[0].textContent).toContain('RUN head -c 40 /dev/zero > /keep/other');
    expect(rows[0].textContent).toContain('40 B');
    expect(rows[0].textContent).toContain('abcdef012345');
    expect(rows[0].textContent).toContain('demo:1');
    expect(rows[0].dataset.madeLayer).toBe('true');
    expect(rows[1].dataset.madeLayer).toBe('false');
    expect(rows[1].textContent).toContain('<missing>');
    expect(screen.getByTestId('history-command-text').textContent).toContain(
      'docker history --no-trunc sha256:abcdef0123456789',
    );
    expect(screen.queryByTestId('history-raw')).toBeNull();
    await fireEvent.click(screen.getAllByTestId('history-raw-toggle')[1]);
    expect(screen.getByTestId('history-raw').textContent).toBe('/bin/sh -c #(nop)  CMD ["sh"]');
  });

  it('shows the engine’s refusal', async () => {
    backend.imageLayers.history = () => {
      throw new TugboatError({ code: 'failed', message: 'No such image: gone:1' });
    };
    render(HistoryTab, { image: makeImage({ id: 'gone:1', repoTags: [] }) });
    expect((await screen.findByTestId('history-error')).textContent).toContain('No such image');
  });
});
