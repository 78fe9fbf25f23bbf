// The inspect panel shows what the engine says about one container: the facts, the JSON with
// search, and the container it was asked for, whichever answer comes back last.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { ContainerDetails } from '$lib/ipc/client';
import { makeDetails } from '$lib/testing/fake-ipc';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import InspectPanel from './InspectPanel.svelte';
import { backend } from '$lib/testing/fake-client';

const web = makeDetails({
  id: 'c1',
  name: 'web',
  image: 'nginx:1.27',
  state: 'running',
  restartCount: 3,
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  env: ['PATH=/usr/bin', 'MODE=prod'],
  labels: [['tier', 'front']],
  mounts: [
    { destination: '/data', kind: 'volume', name: 'webdata', source: null, readWrite: false },
  ],
  networks: [
    { network: 'bridge', ipAddress: '172.17.0.2', gateway: '172.17.0.1', macAddress: null },
  ],
  restartPolicy: 'always',
  memoryBytes: 256_000_000,
  pidsLimit: 100,
  rawJson: '{\n  "Name": "/web",\n  "Image": "nginx:1.27",\n  "Env": ["MODE=prod"]\n}',
});
const db = makeDetails({ id: 'c2', name: 'db', state: 'exited', exitCode: 1 });

function open(id = 'c1', version = 0) {
  return render(InspectPanel, {
    id,
    version,
    onclose: vi.fn(),
    ondialog: vi.fn(),
    onrecreate: vi.fn(),
  });
}

beforeEach(() => {
  const b = backend;
  b.details = { c1: web, c2: db };
  b.inspected = [];
  b.acted = [];
  const client = b.client();
  client.containers.inspect = async (id: string) => {
    b.inspected.push(id);
    const d = b.details[id];
    if (!d) throw new Error(`No such container: ${id}`);
    return d;
  };
});

describe('InspectPanel', () => {
  it('shows the facts of the container it is given', async () => {
    open('c1');
    const facts = await screen.findByTestId('inspect-overview');
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('web');
    expect(screen.getByTestId('inspect-command')).toHaveTextContent('docker inspect web');
    expect(within(facts).getByText('nginx:1.27')).toBeInTheDocument();
    expect(screen.getByTestId('inspect-restarts')).toHaveTextContent('3');
    expect(screen.getByTestId('inspect-entrypoint')).toHaveTextContent('/docker-entrypoint.sh');
    expect(screen.getByTestId('inspect-cmd')).toHaveTextContent('nginx -g daemon off;');
    expect(screen.getByTestId('inspect-restart-policy')).toHaveTextContent('always');
    expect(screen.getByTestId('inspect-memory')).toHaveTextContent('256 MB');
    expect(within(facts).getByText('100')).toBeInTheDocument();
    expect(within(facts).getByText('no limit')).toBeInTheDocument();
    expect(screen.getByTestId('inspect-networks')).toHaveTextContent(
      'bridge 172.17.0.2 via 172.17.0.1',
    );
    expect(screen.getByTestId('inspect-mounts')).toHaveTextContent(
      '/data ← volume webdata (read-only)',
    );
    expect(
      within(screen.getByTestId('inspect-env'))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['PATH=/usr/bin', 'MODE=prod']);
    expect(screen.getByTestId('inspect-labels')).toHaveTextContent('tier=front');
    // A running container offers "Stop…" with a grace period and "Wait for exit".
    expect(screen.getByTestId('inspect-stop')).toBeInTheDocument();
    expect(screen.getByTestId('inspect-wait')).toBeEnabled();
    expect(screen.queryByTestId('inspect-parked')).toBeNull();
  });

  it('says "none" for empty lists and offers no stop for a stopped container', async () => {
    open('c2');
    await screen.findByTestId('inspect-overview');
    for (const list of ['inspect-networks', 'inspect-mounts', 'inspect-env', 'inspect-labels']) {
      expect(screen.getByTestId(list)).toHaveTextContent('none');
    }
    expect(screen.getByTestId('inspect-memory')).toHaveTextContent('none');
    expect(screen.queryByTestId('inspect-stop')).toBeNull();
    expect(screen.getByTestId('inspect-wait')).toBeDisabled();
  });

  it('shows the raw JSON on its tab, counts the lines a search matches, and goes back', async () => {
    open('c1');
    await screen.findByTestId('inspect-overview');
    await fireEvent.click(screen.getByTestId('inspect-tab-json'));
    const json = await screen.findByTestId('inspect-json');
    expect(screen.queryByTestId('inspect-overview')).toBeNull();
    expect(json).toHaveTextContent('"Name": "/web"');
    expect(screen.getByTestId('inspect-tab-json')).toHaveAttribute('aria-selected', 'true');

    await fireEvent.input(screen.getByTestId('inspect-search'), { target: { value: 'NGINX' } });
    expect(await screen.findByTestId('inspect-matches')).toHaveTextContent('1 matching line');
    expect(json.querySelectorAll('.hit')).toHaveLength(1);
    await fireEvent.input(screen.getByTestId('inspect-search'), { target: { value: 'e' } });
    await waitFor(() =>
      expect(screen.getByTestId('inspect-matches')).toHaveTextContent('3 matching lines'),
    );

    await fireEvent.click(screen.getByTestId('inspect-tab-overview'));
    expect(await screen.findByTestId('inspect-overview')).toBeInTheDocument();
    expect(screen.queryByTestId('inspect-json')).toBeNull();
  });

  it('shows another container when given its id, never the first one’s facts', async () => {
    const view = open('c1');
    await screen.findByTestId('inspect-overview');
    await view.rerender({ id: 'c2' });
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('db'));
    expect(screen.getByTestId('inspect-panel')).toHaveAttribute('data-id', 'c2');
    expect(screen.getByTestId('inspect-restart-policy')).toHaveTextContent('no');
    expect(screen.getByTestId('inspect-overview')).not.toHaveTextContent('nginx');
    expect(backend.inspected).toEqual(['c1', 'c2']);
  });

  it('reads the container once when it opens and once per list change, not on its own answer', async () => {
    // Answers come a little later, as over IPC: an answer must not itself ask again.
    backend.client().containers.inspect = (id: string) => {
      backend.inspected.push(id);
      return new Promise((answer) => setTimeout(() => answer(web), 5));
    };
    const view = open('c1', 0);
    await screen.findByTestId('inspect-overview');
    await new Promise((r) => setTimeout(r, 300));
    expect(backend.inspected).toEqual(['c1']);

    await view.rerender({ id: 'c1', version: 1 });
    await waitFor(() => expect(backend.inspected).toEqual(['c1', 'c1']));
    await new Promise((r) => setTimeout(r, 300));
    expect(backend.inspected).toEqual(['c1', 'c1']);
  });

  it('re-reads when the list changes, and only the newest answer is shown', async () => {
    // Answers are held until the test lets them go, in the order it chooses.
    const asked: { answer: (d: ContainerDetails) => void }[] = [];
    backend.client().containers.inspect = (id: string) => {
      backend.inspected.push(id);
      return new Promise((answer) => asked.push({ answer }));
    };
    const view = open('c1', 0);
    await waitFor(() => expect(asked).toHaveLength(1));
    await view.rerender({ id: 'c1', version: 1 });
    await waitFor(() => expect(asked).toHaveLength(2));

    // The newer answer (stopped) lands first; the older one (still running) after it.
    asked[1].answer({ ...web, state: 'exited', exitCode: 0 });
    await waitFor(() => expect(screen.queryByTestId('inspect-stop')).toBeNull());
    asked[0].answer(web);
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId('inspect-stop')).toBeNull();
    expect(screen.getByTestId('inspect-overview')).toHaveTextContent('exited (0)');
  });

  it('says why when the container cannot be read', async () => {
    open('gone');
    expect(await screen.findByTestId('inspect-error')).toHaveTextContent('No such container: gone');
    expect(screen.queryByTestId('inspect-overview')).toBeNull();
  });

  it('offers a container left parked by a recreate its name back, then reads it again', async () => {
    backend.details.c3 = makeDetails({
      id: 'c3',
      name: 'web-tugboat-old',
      parkedFrom: 'web',
    });
    open('c3');
    const parked = await screen.findByTestId('inspect-parked');
    expect(parked).toHaveTextContent('docker rename web-tugboat-old web');
    await fireEvent.click(screen.getByTestId('inspect-unpark'));
    await waitFor(() => expect(backend.inspected).toEqual(['c3', 'c3']));
    expect(backend.acted).toEqual([
      { id: 'c3', action: { kind: 'rename', newName: 'web' }, seen: 'running' },
    ]);
  });
});
