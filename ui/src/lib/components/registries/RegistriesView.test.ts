// The Registries view against the fake backend: Docker Hub is always listed with where its
// credentials are kept; log in shows the `docker login` line without the password, a refused
// password is said and nothing is listed as logged in; log out shows `docker logout` first;
// the engine's plain-HTTP ranges are listed; the local registry card shows its line and, once
// started, the tag and push lines.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import RegistriesView from './RegistriesView.svelte';

const row = (registry: string) =>
  screen.getAllByTestId('registry-row').find((r) => r.dataset.registry === registry);

describe('RegistriesView', () => {
  beforeEach(() => backend.registries.reset());

  it('lists Docker Hub, the place credentials are kept and the plain-HTTP ranges', async () => {
    backend.registries.plain = { ranges: ['127.0.0.0/8', '10.0.0.0/8'], hosts: ['reg.lan:5000'] };
    render(RegistriesView);
    await waitFor(() => expect(row('docker.io')).toBeTruthy());
    expect(within(row('docker.io')!).getByTestId('registry-state').textContent).toBe(
      'Not logged in',
    );
    expect(screen.getByTestId('registries-kept-where').textContent).toContain(
      '/home/ann/.docker/config.json',
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('plain-http-range').map((e) => e.textContent)).toEqual([
        '127.0.0.0/8',
        '10.0.0.0/8',
      ]),
    );
    expect(screen.getByTestId('plain-http-host').textContent).toBe('reg.lan:5000');
    expect(screen.getByTestId('plain-http-daemon-json').textContent).toContain(
      'insecure-registries',
    );
  });

  it('logs in showing the line without the password, then lists who is logged in', async () => {
    render(RegistriesView);
    await fireEvent.click(await screen.findByTestId('registries-login'));
    await fireEvent.input(screen.getByTestId('login-server'), {
      target: { value: 'localhost:5117' },
    });
    await fireEvent.input(screen.getByTestId('login-username'), { target: { value: 'ann' } });
    await fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'hunter2' } });
    const line = await screen.findByTestId('login-command-text');
    await waitFor(() => expect(line.textContent).toContain('docker login localhost:5117 -u ann'));
    expect(line.textContent).not.toContain('hunter2');
    await fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(row('localhost:5117')).toBeTruthy());
    expect(within(row('localhost:5117')!).getByTestId('registry-state').textContent).toBe(
      'Logged in as ann',
    );
    expect(backend.registries.logins).toEqual([
      { server: 'localhost:5117', username: 'ann', password: 'hunter2' },
    ]);
    expect(screen.queryByTestId('login-dialog')).toBeNull();
    expect(screen.getByTestId('registries-notice').textContent).toContain('localhost:5117');
  });

  it('says a refused password and keeps the dialog open', async () => {
    render(RegistriesView);
    await fireEvent.click(await screen.findByTestId('registries-login'));
    await fireEvent.input(screen.getByTestId('login-server'), { target: { value: 'reg.lan' } });
    await fireEvent.input(screen.getByTestId('login-username'), { target: { value: 'ann' } });
    await fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'wrong' } });
    await fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-failed')).textContent).toContain('refused');
    expect(screen.getByTestId('login-dialog')).toBeTruthy();
    expect(row('reg.lan')).toBeUndefined();
  });

  it('shows the docker logout line before logging out', async () => {
    backend.registries.known.push({
      registry: 'localhost:5117',
      username: 'ann',
      identityToken: false,
      keptIn: '/home/ann/.docker/config.json',
      problem: null,
    });
    render(RegistriesView);
    await waitFor(() => expect(row('localhost:5117')).toBeTruthy());
    await fireEvent.click(within(row('localhost:5117')!).getByTestId('registry-logout'));
    expect((await screen.findByTestId('logout-command-text')).textContent).toContain(
      'docker logout localhost:5117',
    );
    await fireEvent.click(screen.getByTestId('logout-submit'));
    await waitFor(() =>
      expect(within(row('localhost:5117')!).getByTestId('registry-state').textContent).toBe(
        'Not logged in',
      ),
    );
    expect(backend.registries.logouts).toEqual(['localhost:5117']);
  });

  it('starts a local registry and then shows how to push to it', async () => {
    render(RegistriesView);
    const line = await screen.findByTestId('local-registry-command-text');
    expect(line.textContent).toContain('docker run -d -p 5000:5000 --name registry registry:2');
    await fireEvent.input(screen.getByTestId('local-registry-port'), {
      target: { value: '5050' },
    });
    await waitFor(() => expect(line.textContent).toContain('-p 5050:5000'));
    await fireEvent.click(screen.getByTestId('local-registry-start'));
    expect((await screen.findByTestId('local-registry-started')).textContent).toContain(
      'localhost:5050',
    );
    const pushes = await screen.findAllByTestId('local-registry-push-command-text');
    expect(pushes.map((p) => p.textContent)).toEqual([
      '$ docker tag busybox:latest localhost:5050/busybox:latest',
      '$ docker push localhost:5050/busybox:latest',
    ]);
    expect(backend.registries.started[0].hostPort).toBe('5050');
  });

  it('says when the registry image is not on the engine', async () => {
    backend.registries.imagePresent = false;
    render(RegistriesView);
    expect((await screen.findByTestId('local-registry-missing')).textContent).toContain('internet');
  });
});
