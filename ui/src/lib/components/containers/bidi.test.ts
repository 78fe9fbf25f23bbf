// Text from the engine (labels, env, command, JSON, compose project, names, status) is shown as
// text and isolated for direction: a right-to-left override inside it (U+202E) cannot reorder
// the rest of the line it sits on.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ContainerDetails, ContainerRow } from '$lib/ipc/client';

const RLO = '\u202E';
const HTML = '<img src=x onerror="window.pwned=1">';

const row: ContainerRow = {
  id: 'c1',
  name: 'web',
  image: `evil${RLO}image`,
  command: 'sh',
  createdMs: Date.now() - 60_000,
  state: 'running',
  status: `Up 1 minute ${RLO}${HTML}`,
  exitCode: null,
  ports: [],
  composeProject: `shop${RLO}${HTML}`,
  composeService: 'web',
};

const details = {
  id: 'c1',
  name: 'web',
  image: `evil${RLO}image`,
  state: 'running',
  exitCode: null,
  oomKilled: false,
  restartCount: 0,
  startedAt: null,
  finishedAt: null,
  created: null,
  entrypoint: [`ent${RLO}ry`],
  cmd: ['-c', `echo ${RLO}${HTML}`],
  env: [`SECRET=${RLO}gnp.exe`, `HTML=${HTML}`],
  labels: [
    ['note', `a${RLO}b`],
    [`${RLO}key`, HTML],
  ],
  mounts: [
    { destination: `/d${RLO}`, kind: 'volume', name: `v${RLO}`, source: null, readWrite: true },
  ],
  ports: [],
  networks: [{ network: `net${RLO}`, ipAddress: `1.2.3.4${RLO}`, gateway: `gw${RLO}` }],
  restartPolicy: 'no',
  memoryBytes: null,
  memoryReservationBytes: null,
  memorySwapBytes: null,
  cpus: null,
  cpuShares: null,
  pidsLimit: null,
  health: `healthy${RLO}`,
  hostname: `host${RLO}`,
  user: `user${RLO}`,
  workingDir: `/w${RLO}`,
  parkedFrom: null,
  rawJson: `{\n  "Env": [\n    "SECRET=${RLO}gnp.exe",\n    "HTML=${HTML.replaceAll('"', '\\"')}"\n  ]\n}`,
} as unknown as ContainerDetails;

// jsdom lays nothing out, so the virtualised list would render no rows: render them all.
vi.mock('virtua/svelte', async () => ({
  VList: (await import('$lib/testing/PlainList.svelte')).default,
}));

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import InspectPanel from './InspectPanel.svelte';
import ContainersView from './ContainersView.svelte';
import { backend } from '$lib/testing/fake-client';

/** Every text node under `root` that holds `needle` and is not inside a <bdi>. */
function unisolated(root: Element, needle: string): string[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.textContent?.includes(needle) && !n.parentElement?.closest('bdi')) {
      out.push(n.textContent);
    }
  }
  return out;
}

function assertInert(root: Element) {
  expect(root.querySelector('img')).toBeNull();
  expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
}

beforeEach(() => {
  backend.rows = [row];
  backend.details = { c1: details };
});

describe('engine text', () => {
  it('is isolated and inert in the inspect panel, and the JSON shows its marks', async () => {
    const { container } = render(InspectPanel, {
      id: 'c1',
      onclose: vi.fn(),
      ondialog: vi.fn(),
      onrecreate: vi.fn(),
    });
    const overview = await screen.findByTestId('inspect-overview');
    expect(screen.getByTestId('inspect-env')).toHaveTextContent(`HTML=${HTML}`);
    expect(screen.getByTestId('inspect-labels')).toHaveTextContent(`${RLO}key=${HTML}`);
    expect(screen.getByTestId('inspect-cmd')).toHaveTextContent(`-c echo ${RLO}${HTML}`);
    // Every piece of the overview and lists that holds the override is isolated.
    expect(unisolated(container, RLO)).toEqual([]);
    expect(overview.querySelectorAll('bdi').length).toBeGreaterThan(5);
    assertInert(container);

    await fireEvent.click(screen.getByTestId('inspect-tab-json'));
    const json = await screen.findByTestId('inspect-json');
    // The mark is written as the JSON escape it equals: visible, and the same JSON.
    expect(json.textContent).not.toContain(RLO);
    expect(json.textContent).toContain('"SECRET=\\u202egnp.exe"');
    expect(json.textContent).toContain('onerror=\\"window.pwned=1\\"');
    expect(unisolated(json, 'SECRET')).toEqual([]);
    assertInert(container);
  });

  it('is isolated and inert in the container list: status, image, compose project', async () => {
    const { container } = render(ContainersView);
    const status = await screen.findByTestId('row-status');
    expect(status).toHaveTextContent(`Up 1 minute ${RLO}${HTML}`);
    expect(status).toHaveAttribute('title', row.status);
    await waitFor(() => expect(screen.getByTestId('compose-group')).toBeInTheDocument());
    expect(screen.getByTestId('compose-group')).toHaveTextContent(row.composeProject ?? '');
    expect(screen.getByTestId('row-image')).toHaveTextContent(row.image);
    expect(unisolated(container, RLO)).toEqual([]);
    assertInert(container);
  });
});
