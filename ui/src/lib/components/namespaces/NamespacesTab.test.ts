// The namespaces tab: PID 1 inside beside its host PID, every fact with its source, the
// memory limit as set and as the kernel's file holds it; a stopped container gets words; the
// memory "try it" runs its form and reports the exit code and OOMKilled from inspect.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';
import { makeNamespaces } from '$lib/testing/fake-namespaces';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import NamespacesTab from './NamespacesTab.svelte';
import { backend } from '$lib/testing/fake-client';

describe('NamespacesTab', () => {
  it('pairs PID 1 inside with its host PID and labels each fact with its source', async () => {
    backend.namespaces.answers = { c1: makeNamespaces() };
    render(NamespacesTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'running' }),
    });
    const main = await screen.findByTestId('ns-pid-main');
    expect(within(main).getByTestId('ns-pid-inside').textContent).toBe('1');
    expect(within(main).getByTestId('ns-pid-host').textContent).toBe('30534');
    expect(main.textContent).toContain('docker inspect: State.Pid');
    const rows = screen.getAllByTestId('ns-proc');
    expect(rows.map((r) => [r.dataset.pid, r.dataset.hostPid])).toEqual([
      ['1', '30534'],
      ['7', ''],
    ]);
    expect(rows[1].textContent).toContain("Tugboat's own ps");
    expect(screen.getByTestId('ns-hostname-inside-source').textContent).toBe(
      'inside the container: hostname',
    );
    const memory = screen.getByTestId('ns-limit-memory');
    expect(within(memory).getByTestId('ns-limit-memory-set-value').textContent).toBe('64 MiB');
    expect(within(memory).getByTestId('ns-limit-memory-kernel-value').textContent).toBe('64 MiB');
    expect(within(memory).getByTestId('ns-limit-memory-kernel-source').textContent).toContain(
      'cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
    );
    expect(memory.textContent).toContain('67108864');
    expect(screen.queryByTestId('ns-words')).toBeNull();
    expect(backend.namespaces.reads).toEqual(['c1']);
  });

  it('says what a stopped container needs and still shows what inspect knows', async () => {
    const base = makeNamespaces();
    backend.namespaces.answers = {
      c2: makeNamespaces({
        id: 'c2',
        running: false,
        words: 'web is not running. … Start it to see them.',
        pid: { ...base.pid, inside: [], host: [], pairs: [], statePid: null },
      }),
    };
    render(NamespacesTab, {
      id: 'c2',
      details: makeDetails({ id: 'c2', name: 'web', state: 'exited' }),
    });
    expect((await screen.findByTestId('ns-words')).textContent).toContain('Start it');
    expect(screen.queryByTestId('ns-pid-main')).toBeNull();
    expect(screen.getByTestId('ns-state-pid-value').textContent).toBe('none: not running');
    expect(screen.getByTestId('ns-limit-memory-set-value').textContent).toBe('64 MiB');
  });

  it('shows an error from the engine as text', async () => {
    backend.namespaces.answers = {};
    render(NamespacesTab, {
      id: 'gone',
      details: makeDetails({ id: 'gone', name: 'x', state: 'running' }),
    });
    expect((await screen.findByTestId('ns-error')).textContent).toContain('no answer');
  });

  it('runs the memory try-it through the run form and reports 137 and OOMKilled', async () => {
    backend.namespaces.answers = { c1: makeNamespaces() };
    const client = backend.client();
    client.containers.act = async () => ({ exitCode: 137, command: 'docker wait oom' });
    client.containers.inspect = async (id: string) =>
      makeDetails({ id, name: 'oom-try', state: 'exited', exitCode: 137, oomKilled: true });
    render(NamespacesTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'running', image: 'busybox:1' }),
    });
    const button = await screen.findByTestId('ns-oom-run');
    await vi.waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    expect(backend.namespaces.tryIts.at(-1)?.image).toBe('busybox:1');
    expect(screen.getByTestId('ns-oom-command-text').textContent).toContain('docker run');
    await fireEvent.click(button);
    expect((await screen.findByTestId('ns-oom-exit')).textContent).toBe('137');
    expect(screen.getByTestId('ns-oom-killed').textContent).toBe('true');
    expect(backend.run.runs.at(-1)?.name).toMatch(/^oom-try-/);
  });
});
