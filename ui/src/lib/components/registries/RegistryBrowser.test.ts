// The registry browser over the fake backend: registry → repositories → tags → manifest,
// plain HTTP said in words, Pull handed on, a delete that lists every tag on the digest first
// and sends the digest that was shown, and a registry's refusal shown as its message.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import RegistryBrowser from './RegistryBrowser.svelte';
import { backend, TugboatError } from '$lib/testing/fake-client';

const reg = backend.registry;
const names = (id: string) => screen.queryAllByTestId(id).map((e) => e.dataset.name);

async function browseTo(tag: string) {
  await fireEvent.click(screen.getByTestId('registry-browse'));
  await waitFor(() => expect(names('registry-repo')).toEqual(['team/app', 'team/db']));
  await fireEvent.click(screen.getAllByTestId('registry-repo')[0]);
  await waitFor(() => expect(names('registry-tag')).toEqual(['1', 'latest']));
  await fireEvent.click(screen.getAllByTestId('registry-tag').find((t) => t.dataset.name === tag)!);
  await waitFor(() => expect(screen.getAllByTestId('remote-platform')).toHaveLength(1));
}

describe('the registry browser', () => {
  it('goes from a registry to a tag and shows platforms, layers, sizes and the command', async () => {
    reg.asked = [];
    const onpull = vi.fn();
    render(RegistryBrowser, { registries: ['localhost:5117'], onpull });
    expect((screen.getByTestId('registry-host') as HTMLInputElement).value).toBe('localhost:5117');
    await browseTo('1');
    expect(reg.asked).toEqual([
      'catalog localhost:5117',
      'tags localhost:5117 team/app',
      'manifest localhost:5117/team/app:1',
    ]);
    expect(screen.getByTestId('registry-plain-http').textContent).toContain('Plain HTTP');
    expect(screen.getByTestId('registry-plain-http').textContent).toContain('127.0.0.0/8');
    const p = screen.getByTestId('remote-platform');
    expect(p.dataset.name).toBe('linux/amd64');
    expect(within(p).getByTestId('remote-platform-layers').textContent).toBe('2 layers');
    expect(within(p).getByTestId('remote-platform-size').textContent).toBe('2.50 MB compressed');
    expect(screen.getAllByTestId('remote-layer').map((l) => l.dataset.bytes)).toEqual([
      '2000000',
      '500000',
    ]);
    expect(screen.getByTestId('registry-command').textContent).toContain(
      'docker buildx imagetools inspect localhost:5117/team/app:1',
    );
    await fireEvent.click(screen.getByTestId('registry-pull'));
    expect(onpull).toHaveBeenCalledWith('localhost:5117/team/app:1');
  });

  it('lists every tag on the digest before deleting, then sends the digest shown', async () => {
    reg.deleted = [];
    render(RegistryBrowser, { registries: ['localhost:5117'] });
    await browseTo('latest');
    await fireEvent.click(screen.getByTestId('registry-delete'));
    const dialog = await screen.findByTestId('registry-delete-dialog');
    expect(
      within(dialog)
        .getAllByTestId('registry-delete-tag')
        .map((t) => t.textContent),
    ).toEqual(['team/app:1', 'team/app:latest']);
    expect(within(dialog).getByTestId('registry-delete-command').textContent).toContain(
      'curl -X DELETE',
    );
    expect(reg.deleted).toEqual([]);
    await fireEvent.click(within(dialog).getByTestId('registry-delete-confirm'));
    await waitFor(() => expect(reg.deleted).toHaveLength(1));
    expect(reg.deleted[0]).toEqual({
      repository: 'team/app',
      tag: 'latest',
      digest: reg.manifest.digest,
    });
    await waitFor(() => expect(screen.queryByTestId('registry-delete-dialog')).toBeNull());
    await waitFor(() => expect(names('registry-tag')).toEqual([]));
  });

  it('shows the registry refusal in its own words', async () => {
    reg.failWith = new TugboatError({
      code: 'failed',
      message: 'localhost:5117 refused access to the repository list (catalog) (401)',
    });
    render(RegistryBrowser, { registries: ['localhost:5117'] });
    await fireEvent.click(screen.getByTestId('registry-browse'));
    const e = await screen.findByTestId('registry-error');
    expect(e.textContent).toContain('(401)');
    expect(screen.queryByTestId('registry-repo')).toBeNull();
    reg.failWith = null;
  });
});
