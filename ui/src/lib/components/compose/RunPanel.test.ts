// The Run panel over the fake backend: the line Up equals (from Rust) following the options,
// Up refused while the file has errors, per-step rows as the engine reports them (with the
// wait on a dependency in words), how the up ended, and Cancel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import { makeComposeLoad } from '$lib/testing/fake-compose';
import type { ComposeModel, Diagnostic, Service, UpRequest, UpStep } from '$lib/ipc/client';
import { ComposeSession } from '$lib/stores/compose.svelte';
import RunPanel from './RunPanel.svelte';

const fake = backend.compose;

afterEach(() => {
  fake.ups = [];
  fake.upCommands = [];
  fake.upSink = null;
  fake.upCancelled = 0;
  fake.upError = null;
  fake.upLine = 'docker compose -p shop up -d';
});

function model(): ComposeModel {
  const service = (name: string) => ({ name }) as unknown as Service;
  return {
    name: 'shop',
    workingDir: '/shop',
    configFiles: ['/shop/compose.yaml'],
    envFiles: [],
    services: [service('db'), service('web')],
    networks: [],
    volumes: [],
    inactiveServices: [],
  } as ComposeModel;
}

function session(diagnostics: Diagnostic[] = []): ComposeSession {
  const s = new ComposeSession();
  s.loaded = makeComposeLoad({ model: model(), diagnostics });
  return s;
}

const steps: UpStep[] = [
  {
    id: 'network:shop_default',
    object: 'network',
    name: 'shop_default',
    service: null,
    action: 'create',
  },
  {
    id: 'container:shop-db-1',
    object: 'container',
    name: 'shop-db-1',
    service: 'db',
    action: 'create',
  },
  {
    id: 'container:shop-web-1',
    object: 'container',
    name: 'shop-web-1',
    service: 'web',
    action: 'recreate',
  },
];

function row(id: string): HTMLElement {
  const found = screen
    .getAllByTestId('compose-up-row')
    .find((r) => r.getAttribute('data-id') === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

describe('RunPanel', () => {
  it('shows the line Rust makes for the options chosen', async () => {
    fake.upLine = (r: UpRequest) =>
      `docker compose -p shop up -d${r.pull === 'always' ? ' --pull always' : ''}${r.forceRecreate ? ' --force-recreate' : ''} ${r.services.join(' ')}`.trim();
    render(RunPanel, { session: session() });
    await waitFor(() =>
      expect(screen.getByTestId('compose-run-command-text')).toHaveTextContent(
        'docker compose -p shop up -d',
      ),
    );
    await fireEvent.change(screen.getByTestId('compose-run-pull'), {
      target: { value: 'always' },
    });
    await fireEvent.click(screen.getByTestId('compose-run-force'));
    const web = screen
      .getAllByTestId('compose-run-service')
      .find((b) => b.getAttribute('data-service') === 'web')!;
    await fireEvent.click(web);
    await waitFor(() =>
      expect(screen.getByTestId('compose-run-command-text')).toHaveTextContent(
        'docker compose -p shop up -d --pull always --force-recreate web',
      ),
    );
  });

  it('refuses Up while the file has errors, and says so', () => {
    const error = {
      rule: 'schema',
      slug: 'schema',
      severity: 'error',
      message: 'x',
      span: { start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 },
      fix: null,
    } as unknown as Diagnostic;
    render(RunPanel, { session: session([error]) });
    expect(screen.getByTestId('compose-run-up')).toBeDisabled();
    expect(screen.getByTestId('compose-run-blocked')).toHaveTextContent('One problem');
  });

  it('runs Up with its options and shows each step as the engine reports it', async () => {
    render(RunPanel, { session: session() });
    await fireEvent.click(screen.getByTestId('compose-run-build'));
    await fireEvent.click(screen.getByTestId('compose-run-up'));
    await waitFor(() => expect(fake.ups).toHaveLength(1));
    expect(fake.ups[0]).toMatchObject({
      services: [],
      pull: 'missing',
      build: true,
      forceRecreate: false,
      scale: [],
    });
    fake.emitUp({
      type: 'data',
      data: {
        kind: 'plan',
        steps,
        command: 'docker compose -p shop -f /shop/compose.yaml up -d --build',
      },
    });
    await waitFor(() => expect(screen.getAllByTestId('compose-up-row')).toHaveLength(3));
    expect(screen.getByTestId('compose-run-command-text')).toHaveTextContent('--build');
    expect(row('container:shop-web-1')).toHaveAttribute('data-action', 'recreate');
    expect(row('container:shop-web-1')).toHaveAttribute('data-state', 'waiting');
    expect(screen.getByTestId('compose-run-cancel')).toBeInTheDocument();

    fake.emitUp({
      type: 'data',
      data: { kind: 'step', id: 'network:shop_default', state: 'done', detail: null },
    });
    fake.emitUp({
      type: 'data',
      data: { kind: 'step', id: 'container:shop-db-1', state: 'done', detail: null },
    });
    fake.emitUp({
      type: 'data',
      data: {
        kind: 'step',
        id: 'container:shop-web-1',
        state: 'waiting',
        detail: 'waiting for db: healthy',
      },
    });
    await waitFor(() =>
      expect(
        within(row('container:shop-web-1')).getByTestId('compose-up-row-detail'),
      ).toHaveTextContent('waiting for db: healthy'),
    );
    expect(row('container:shop-db-1')).toHaveAttribute('data-state', 'done');

    fake.emitUp({
      type: 'data',
      data: {
        kind: 'step',
        id: 'container:shop-web-1',
        state: 'done',
        detail: 'recreated: its configuration changed',
      },
    });
    fake.emitUp({ type: 'data', data: { kind: 'done', seconds: 4.2 } });
    fake.emitUp({ type: 'end', end: { seconds: 4.2, cancelled: false, failures: [] } });
    await waitFor(() => expect(screen.getByTestId('compose-run-done')).toHaveTextContent('4.2 s'));
    expect(screen.getByTestId('compose-run-up')).toBeEnabled();
  });

  it('says why an up failed, on its step and in words', async () => {
    render(RunPanel, { session: session() });
    await fireEvent.click(screen.getByTestId('compose-run-up'));
    await waitFor(() => expect(fake.upSink).not.toBeNull());
    fake.emitUp({
      type: 'data',
      data: { kind: 'plan', steps, command: 'docker compose -p shop up -d' },
    });
    const why = 'web: db is unhealthy; its last health check said: not ready';
    fake.emitUp({
      type: 'data',
      data: { kind: 'step', id: 'container:shop-web-1', state: 'failed', detail: why },
    });
    fake.emitUp({
      type: 'data',
      data: { kind: 'failed', message: why, stepId: 'container:shop-web-1' },
    });
    await waitFor(() => expect(screen.getByTestId('compose-run-failed')).toHaveTextContent(why));
    expect(row('container:shop-web-1')).toHaveAttribute('data-state', 'failed');
  });

  it('cancels, then says what stays', async () => {
    render(RunPanel, { session: session() });
    await fireEvent.click(screen.getByTestId('compose-run-up'));
    await waitFor(() => expect(screen.getByTestId('compose-run-cancel')).toBeInTheDocument());
    await fireEvent.click(screen.getByTestId('compose-run-cancel'));
    expect(fake.upCancelled).toBe(1);
    fake.emitUp({ type: 'data', data: { kind: 'cancelled', message: 'cancelled' } });
    await waitFor(() =>
      expect(screen.getByTestId('compose-run-cancelled')).toHaveTextContent('What finished stays'),
    );
  });

  it('says there is nothing to run without a model', () => {
    render(RunPanel, { session: new ComposeSession() });
    expect(screen.getByTestId('compose-run-empty')).toBeInTheDocument();
    expect(screen.queryByTestId('compose-run-up')).toBeNull();
  });
});
