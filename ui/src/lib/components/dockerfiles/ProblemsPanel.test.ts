// The Problems panel: one row per finding with its rule, reason and line, worst first on a line;
// a click moves the editor to the line, "Fix" applies the quick fix through the session, and an
// empty list says so.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import ProblemsPanel, { problemsLabel } from './ProblemsPanel.svelte';
import { DockerfileSession } from '$lib/stores/dockerfile.svelte';
import type { Diagnostic } from './contracts';

const span = (line: number, start: number, end: number) => ({
  start,
  end,
  line,
  endLine: line,
});

const latest: Diagnostic = {
  rule: 'DF003',
  slug: 'unpinned-base',
  severity: 'warning',
  message: '`busybox:latest` follows whatever is newest when you build: pin a version tag',
  span: span(1, 5, 19),
  fix: null,
};
const shellForm: Diagnostic = {
  rule: 'DF004',
  slug: 'shell-form-command',
  severity: 'warning',
  message: 'CMD in shell form runs under `/bin/sh -c`',
  span: span(3, 30, 44),
  fix: { title: 'Use exec form', edits: [{ start: 34, end: 44, insert: '["top", "-b"]' }] },
};
const unknown: Diagnostic = {
  rule: 'DF002',
  slug: 'unknown-instruction',
  severity: 'error',
  message: '`RUNN` is not a Dockerfile instruction',
  span: span(3, 20, 24),
  fix: null,
};

function session(diagnostics: Diagnostic[]): DockerfileSession {
  const s = new DockerfileSession();
  s.diagnostics = diagnostics;
  return s;
}

describe('the Problems panel', () => {
  it('says so when there is nothing to fix', () => {
    render(ProblemsPanel, { session: session([]) });
    expect(screen.getByTestId('lint-empty')).toHaveTextContent('No problems found');
    expect(screen.queryAllByTestId('lint-problem')).toHaveLength(0);
  });

  it('lists each finding with rule, reason and line, by line and then severity', () => {
    render(ProblemsPanel, { session: session([shellForm, latest, unknown]) });
    const rows = screen.getAllByTestId('lint-problem');
    expect(rows.map((r) => r.dataset.rule)).toEqual(['DF003', 'DF002', 'DF004']);
    expect(rows.map((r) => r.dataset.line)).toEqual(['1', '3', '3']);
    expect(rows[1]).toHaveAttribute('data-severity', 'error');
    expect(rows[0]).toHaveTextContent('DF003');
    expect(rows[0]).toHaveTextContent('pin a version tag');
    expect(rows[0]).toHaveTextContent('line 1');
    expect(screen.getByTestId('lint-summary')).toHaveTextContent('1 error, 2 warnings, 0 advice');
  });

  it('offers Fix only where there is a quick fix, and applies its edits through the session', async () => {
    const s = session([latest, shellForm]);
    s.text = 'FROM busybox:latest\nRUN true\nCMD top -b\n';
    const apply = vi.spyOn(s, 'applyEdits');
    render(ProblemsPanel, { session: s });
    const [first, second] = screen.getAllByTestId('lint-problem');
    expect(within(first).queryByTestId('lint-problem-fix')).toBeNull();
    const fix = within(second).getByTestId('lint-problem-fix');
    expect(fix).toHaveAttribute('title', 'Use exec form');
    await fireEvent.click(fix);
    expect(apply).toHaveBeenCalledWith(shellForm.fix!.edits);
  });

  it('moves the editor to the line of a clicked row', async () => {
    const s = session([latest, shellForm]);
    const go = vi.spyOn(s, 'goToLine');
    render(ProblemsPanel, { session: s });
    await fireEvent.click(
      within(screen.getAllByTestId('lint-problem')[1]).getByTestId('lint-problem-go'),
    );
    expect(go).toHaveBeenCalledWith(3);
  });

  it('counts the findings in its tab label', () => {
    expect(problemsLabel(session([]))).toBe('Problems');
    expect(problemsLabel(session([latest, shellForm, unknown]))).toBe('Problems (3)');
  });

  it('follows the session as the findings change', async () => {
    const s = session([latest]);
    render(ProblemsPanel, { session: s });
    expect(screen.getAllByTestId('lint-problem')).toHaveLength(1);
    s.diagnostics = [];
    await vi.waitFor(() => expect(screen.getByTestId('lint-empty')).toBeInTheDocument());
  });
});
