// "What this pull brings" over the fake backend: platforms (attestations counted apart),
// compressed size and layers, other tags of the repository, and offline said in words.
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import RemoteImage from './RemoteImage.svelte';
import { backend, TugboatError } from '$lib/testing/fake-client';
import { makeManifest } from '$lib/testing/fake-registry';

const reg = backend.registry;

describe('the remote image', () => {
  it('shows each platform of a list with its size, and tags nearby', async () => {
    const base = makeManifest().platforms[0];
    reg.manifest = makeManifest({
      multiPlatform: true,
      kind: 'OCI image index (one image per platform)',
      platforms: [
        base,
        { ...base, architecture: 'arm64', variant: 'v8', digest: 'sha256:' + 'd'.repeat(64) },
        { ...base, os: 'unknown', architecture: 'unknown', attestation: true, digest: 'sha256:e' },
      ],
    });
    render(RemoteImage, { reference: 'localhost:5117/team/app:1' });
    await waitFor(() =>
      expect(screen.getAllByTestId('remote-platform').map((p) => p.dataset.name)).toEqual([
        'linux/amd64',
        'linux/arm64/v8',
      ]),
    );
    expect(screen.getByTestId('remote-attestations').textContent).toContain('1 build attestation');
    expect(screen.getAllByTestId('remote-platform-size')[1].textContent).toBe('2.50 MB compressed');
    await waitFor(() =>
      expect(screen.getByTestId('remote-image-tags').textContent).toContain('latest'),
    );
    expect(screen.getByTestId('remote-image-plain-http')).toBeTruthy();
    reg.manifest = makeManifest();
  });

  it('says plainly when the registry cannot be reached', async () => {
    reg.failWith = new TugboatError({
      code: 'failed',
      message: 'could not reach registry-1.docker.io (offline, or nothing listens there)',
    });
    render(RemoteImage, { reference: 'nginx' });
    const e = await screen.findByTestId('remote-image-error');
    expect(e.textContent).toContain('nothing is known before the pull');
    expect(e.textContent).toContain('offline');
    expect(screen.queryByTestId('remote-platform')).toBeNull();
    reg.failWith = null;
  });
});
