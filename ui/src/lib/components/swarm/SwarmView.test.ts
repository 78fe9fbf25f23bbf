// The Swarm section against the fake backend: outside a swarm only the overview shows, with
// the init form (the suggested address picked) and its `docker swarm init` line; init brings
// the other tabs and the join lines; leave lists what goes and shows `--force` on the last
// manager, and the section is back to the overview only.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import SwarmView from './SwarmView.svelte';
import { tabsFor, swarmTabs } from './swarmTabs';
import { outsideSwarm } from '$lib/testing/fake-swarm';

describe('SwarmView', () => {
  beforeEach(() => backend.swarm.reset());

  it('outside a swarm shows only the overview with init and its line', async () => {
    render(SwarmView);
    const address = (await screen.findByTestId('swarm-init-address')) as HTMLSelectElement;
    await waitFor(() => expect(address.value).toBe('192.168.1.10'));
    expect(screen.queryByTestId('swarm-tab-nodes')).toBeNull();
    expect(screen.getByTestId('swarm-panel-overview')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('swarm-init-command-text').textContent).toContain(
        'docker swarm init --advertise-addr 192.168.1.10',
      ),
    );
    await fireEvent.change(address, { target: { value: '127.0.0.1' } });
    await waitFor(() =>
      expect(screen.getByTestId('swarm-init-command-text').textContent).toContain(
        '--advertise-addr 127.0.0.1',
      ),
    );
  });

  it('an engine elsewhere takes a typed address and says whose it must be', async () => {
    backend.swarm.addresses = [];
    render(SwarmView);
    const text = await screen.findByTestId('swarm-init-address-text');
    expect(text.parentElement?.textContent).toContain("that machine's addresses");
    expect(
      (screen.getByTestId('swarm-init-submit') as HTMLButtonElement).disabled,
      'nothing typed yet',
    ).toBe(true);
  });

  it('init shows the tabs and join lines; leave lists what goes and ends it', async () => {
    backend.swarm.secrets = ['db-password'];
    render(SwarmView);
    await waitFor(() =>
      expect((screen.getByTestId('swarm-init-address') as HTMLSelectElement).value).toBe(
        '192.168.1.10',
      ),
    );
    await fireEvent.click(screen.getByTestId('swarm-init-submit'));
    await screen.findByTestId('swarm-tab-nodes');
    expect(backend.swarm.inits).toEqual([
      { advertiseAddr: '192.168.1.10', listenAddr: null, forceNewCluster: false },
    ]);
    expect(screen.getByTestId('swarm-tab-secrets')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('swarm-join-worker-text').textContent).toContain(
        'docker swarm join --token SWMTKN-worker 192.168.1.10:2377',
      ),
    );

    await fireEvent.click(screen.getByTestId('swarm-open-leave'));
    await screen.findByTestId('swarm-leave-secrets');
    expect(screen.getByTestId('swarm-leave-secrets').textContent).toContain('db-password');
    expect(screen.getByTestId('swarm-leave-services-none')).toBeTruthy();
    expect(screen.getByTestId('swarm-leave-command-text').textContent).toContain(
      'docker swarm leave --force',
    );
    await fireEvent.click(screen.getByTestId('swarm-leave-confirm'));
    await screen.findByTestId('swarm-init-submit');
    expect(backend.swarm.leaves).toEqual([true]);
    expect(screen.queryByTestId('swarm-tab-nodes')).toBeNull();
    expect(screen.getByTestId('swarm-notice').textContent).toContain('The swarm has ended');
  });

  it('tabsFor keeps only the overview outside a swarm', () => {
    expect(tabsFor(outsideSwarm).map((t) => t.id)).toEqual(['overview']);
    expect(tabsFor({ ...outsideSwarm, state: 'active' }).map((t) => t.id)).toEqual(
      swarmTabs.map((t) => t.id),
    );
    expect(tabsFor(null).map((t) => t.id)).toEqual(['overview']);
  });
});
