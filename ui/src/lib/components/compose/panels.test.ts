// The Problems and Resolved panels of the compose editor: problems in line order with their
// quick fix applied through the session, a failing loader said apart; the resolved YAML, the
// variables with where each value came from (unset ones marked), the files read and the
// `docker compose … config` line.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
vi.setConfig({ testTimeout: 20_000 });

import { backend } from '$lib/testing/fake-client';
import { makeComposeLoad } from '$lib/testing/fake-compose';
import { ComposeSession } from '$lib/stores/compose.svelte';
import ComposeProblemsPanel, { composeProblemsLabel } from './ComposeProblemsPanel.svelte';
import ConfigPanel from './ConfigPanel.svelte';
import type { ComposeModel, Diagnostic, VariableUse } from './contracts';

afterEach(() => {
  backend.compose.commandLines = [];
});

const span = (line: number, start: number, end: number) => ({
  start,
  end,
  line,
  endLine: line,
});

const text = 'services:\n  web:\n    imag: nginx\n    restart: sometimes\n';

const unknownKey: Diagnostic = {
  rule: 'unknown-key',
  slug: 'unknown-key',
  severity: 'error',
  message: '`imag` is not a service key; did you mean `image`?',
  span: span(3, 21, 25),
  fix: { title: 'Rename to `image`', edits: [{ start: 21, end: 25, insert: 'image' }] },
};
const restart: Diagnostic = {
  rule: 'schema',
  slug: 'schema',
  severity: 'warning',
  message: '`sometimes` is not a restart policy',
  span: span(4, 46, 55),
  fix: null,
};

function model(over: Partial<ComposeModel> = {}): ComposeModel {
  return {
    name: 'shop',
    workingDir: '/shop',
    configFiles: ['/shop/compose.yaml'],
    envFiles: ['/shop/.env'],
    services: [],
    networks: [],
    volumes: [],
    inactiveServices: [],
    ...over,
  };
}

function variable(name: string, line: number, value: string | null, from: VariableUse['from']) {
  return { name, span: span(line, 0, 1), value, from };
}

describe('compose Problems panel', () => {
  it('lists problems by line, counts them in the tab, and applies a quick fix', async () => {
    const session = new ComposeSession();
    session.startNew('/shop/compose.yaml', text);
    session.loaded = makeComposeLoad({ diagnostics: [restart, unknownKey] });
    render(ComposeProblemsPanel, { session });
    const rows = screen.getAllByTestId('compose-problem');
    expect(rows.map((r) => r.dataset.line)).toEqual(['3', '4']);
    expect(rows[0]).toHaveTextContent('did you mean `image`');
    expect(composeProblemsLabel(session)).toBe('Problems (2)');
    expect(within(rows[1]!).queryByTestId('compose-problem-fix')).toBeNull();
    await fireEvent.click(within(rows[0]!).getByTestId('compose-problem-fix'));
    expect(session.text).toBe('services:\n  web:\n    image: nginx\n    restart: sometimes\n');
    session.dispose();
  });

  it('says when the file could not be checked at all', () => {
    const session = new ComposeSession();
    session.startNew('/shop/compose.yaml', text);
    session.analysisErrors = { load: 'the loader stopped' };
    render(ComposeProblemsPanel, { session });
    expect(screen.getByTestId('compose-load-error')).toHaveTextContent('the loader stopped');
    expect(screen.getByTestId('compose-empty')).toBeInTheDocument();
    expect(composeProblemsLabel(session)).toBe('Problems');
    session.dispose();
  });
});

describe('compose Resolved panel', () => {
  it('shows the resolved YAML, the variables with their source, the files and the command', async () => {
    const session = new ComposeSession();
    session.startNew('/shop/compose.yaml', text);
    session.setProfiles(['debug']);
    session.loaded = makeComposeLoad({
      model: model(),
      config: 'name: shop\nservices:\n  web:\n    image: nginx:1.27\n',
      files: ['/shop/compose.yaml', '/shop/.env'],
      variables: [
        variable('TAG', 3, '1.27', 'envFile'),
        variable('PORT', 5, '8080', 'default'),
        variable('TAG', 7, '1.27', 'envFile'),
        variable('SECRET', 9, null, 'unset'),
      ],
    });
    render(ConfigPanel, { session });
    expect(screen.getByTestId('compose-config-yaml-content').textContent).toContain(
      'image: nginx:1.27',
    );
    const rows = screen.getAllByTestId('compose-variable');
    expect(rows.map((r) => r.dataset.name)).toEqual(['PORT', 'SECRET', 'TAG']);
    const secret = rows[1]!;
    expect(secret).toHaveAttribute('data-from', 'unset');
    expect(secret).toHaveClass('unset');
    expect(within(secret).getByTestId('compose-variable-value')).toHaveTextContent('unset');
    expect(rows[2]).toHaveTextContent('env file');
    expect(screen.getByTestId('compose-files-read')).toHaveTextContent('/shop/.env');
    await waitFor(() =>
      expect(screen.getByTestId('compose-config-command-text')).toHaveTextContent(
        'docker compose -p shop -f /shop/compose.yaml --env-file /shop/.env --profile debug config',
      ),
    );
    expect(backend.compose.commandLines.at(-1)?.args).toEqual(['config']);
    session.dispose();
  });

  it('asks to fix the errors first when the file cannot be resolved', () => {
    const session = new ComposeSession();
    session.startNew('/shop/compose.yaml', 'services: [\n');
    session.loaded = makeComposeLoad({ config: null, diagnostics: [unknownKey] });
    render(ConfigPanel, { session });
    expect(screen.getByTestId('compose-config-none')).toBeInTheDocument();
    expect(screen.queryByTestId('compose-config-command')).toBeNull();
    expect(screen.getByTestId('compose-variables-none')).toBeInTheDocument();
    session.dispose();
  });
});
