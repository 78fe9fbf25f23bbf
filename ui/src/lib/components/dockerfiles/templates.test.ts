// The templates are real files with the habits the linter asks for, and "Start from a
// template…" writes one into the chosen folder, asking before it replaces a Dockerfile.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
// Mounting CodeMirror the first time is slow on a loaded machine.
vi.setConfig({ testTimeout: 20_000 });

import { backend } from '$lib/testing/fake-client';
import { templates } from './templates';
import DockerfilesView from './DockerfilesView.svelte';
import { DockerfileSession } from '$lib/stores/dockerfile.svelte';

const fs = backend.dockerfiles;

afterEach(() => {
  fs.files.clear();
  fs.saves = [];
  fs.folderChoice = null;
});

/** The instructions of a Dockerfile: comments and blank lines dropped, continuations joined. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('the templates', () => {
  it('are the five the issue names, each commented', () => {
    expect(templates.map((t) => t.id)).toEqual([
      'static-site',
      'non-root',
      'node',
      'python',
      'go-multi-stage',
    ]);
    for (const t of templates) {
      const comments = t.text.split('\n').filter((l) => l.trim().startsWith('#'));
      expect(comments.length, t.id).toBeGreaterThanOrEqual(instructions(t.text).length / 2);
    }
  });

  it('pin their bases, end as a non-root USER and use exec form', () => {
    for (const t of templates) {
      const lines = instructions(t.text);
      const froms = lines.filter((l) => /^FROM /i.test(l));
      expect(froms.length, t.id).toBeGreaterThan(0);
      for (const f of froms) {
        const image = f.split(/\s+/)[1] ?? '';
        expect(image, `${t.id}: ${f}`).toMatch(/:[^/]+$/);
        expect(image, `${t.id}: ${f}`).not.toMatch(/:latest$/);
      }
      const lastFrom = lines.lastIndexOf(froms.at(-1)!);
      const user = lines.slice(lastFrom).find((l) => /^USER /i.test(l));
      expect(user, t.id).toBeDefined();
      expect(user, t.id).not.toMatch(/^USER\s+(root|0)\b/i);
      for (const l of lines.filter((l) => /^(CMD|ENTRYPOINT) /i.test(l))) {
        expect(l.replace(/^\w+\s+/, ''), `${t.id}: ${l}`).toMatch(/^\[.*\]$/);
      }
      for (const l of lines.filter((l) => /apt-get install/.test(l))) {
        expect(l, t.id).toMatch(/-y/);
        expect(l, t.id).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
      }
      expect(
        lines.some((l) => /^ADD /i.test(l)),
        t.id,
      ).toBe(false);
      for (const l of lines.filter((l) => /^WORKDIR /i.test(l))) {
        expect(l, t.id).toMatch(/^WORKDIR \//);
      }
      // No two RUNs in a row: they could be one layer.
      lines.forEach((l, i) => {
        if (i > 0 && /^RUN /i.test(l)) expect(lines[i - 1], `${t.id}: ${l}`).not.toMatch(/^RUN /i);
      });
    }
  });
});

describe('Start from a template…', () => {
  it('writes the chosen template into an empty folder and opens it', async () => {
    fs.folderChoice = '/new';
    render(DockerfilesView, { session: new DockerfileSession() });
    await fireEvent.click(screen.getByTestId('dockerfile-empty-template'));
    const node = screen.getAllByTestId('dockerfile-template').find((b) => b.dataset.id === 'node');
    await fireEvent.click(node!);
    expect(screen.getByTestId('dockerfile-template-preview').textContent).toContain('npm ci');
    await fireEvent.click(screen.getByTestId('dockerfile-template-use'));
    const want = templates.find((t) => t.id === 'node')!.text;
    await waitFor(() => expect(fs.files.get('/new/Dockerfile')).toBe(want));
    expect(fs.saves[0]?.expected).toBeNull();
    await waitFor(() => expect(screen.getByTestId('dockerfile-folder')).toHaveTextContent('/new'));
    expect(screen.queryByTestId('dockerfile-templates')).toBeNull();
    expect(screen.getByTestId('dockerfile-tab-dockerfile')).toHaveAttribute('data-dirty', 'false');
  });

  it('asks before replacing a Dockerfile already in the folder', async () => {
    fs.put('/old/Dockerfile', 'FROM mine:1\n');
    fs.folderChoice = '/old';
    render(DockerfilesView, { session: new DockerfileSession() });
    await fireEvent.click(screen.getByTestId('dockerfile-empty-template'));
    await fireEvent.click(screen.getByTestId('dockerfile-template-use'));
    await screen.findByTestId('dockerfile-replace');
    await fireEvent.click(screen.getByTestId('dockerfile-replace-cancel'));
    expect(fs.files.get('/old/Dockerfile')).toBe('FROM mine:1\n');
    expect(fs.saves).toEqual([]);

    await fireEvent.click(screen.getByTestId('dockerfile-template-use'));
    await fireEvent.click(await screen.findByTestId('dockerfile-replace-confirm'));
    await waitFor(() => expect(fs.files.get('/old/Dockerfile')).toBe(templates[0]!.text));
  });
});
