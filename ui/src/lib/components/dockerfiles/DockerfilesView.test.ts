// The Dockerfiles section in a DOM over the fake backend: the teaching empty state, opening a
// folder (straight into its Dockerfile, or through the chooser when it holds several), the
// dirty marker, saving, and the choice offered when the file changed on disk.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { EditorView } from '@codemirror/view';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

import { backend } from '$lib/testing/fake-client';
import DockerfilesView from './DockerfilesView.svelte';
import { DockerfileSession } from '$lib/stores/dockerfile.svelte';

const fs = backend.dockerfiles;

afterEach(() => {
  fs.files.clear();
  fs.saves = [];
  fs.folderChoice = null;
});

function editorView(): EditorView {
  const dom = screen.getByTestId('code-editor').querySelector('.cm-editor');
  const view = dom && EditorView.findFromDOM(dom as HTMLElement);
  if (!view) throw new Error('no editor');
  return view;
}

function type(text: string): void {
  const view = editorView();
  view.dispatch({ changes: { from: view.state.doc.length, insert: text } });
}

describe('DockerfilesView', () => {
  it('teaches what a Dockerfile and a build context are before a folder is open', () => {
    render(DockerfilesView, { session: new DockerfileSession() });
    const empty = screen.getByTestId('dockerfiles-empty');
    expect(empty).toHaveTextContent('build context');
    expect(empty).toHaveTextContent('.dockerignore');
    expect(screen.getByTestId('dockerfile-empty-open')).toBeInTheDocument();
    expect(screen.queryByTestId('code-editor')).toBeNull();
  });

  it('opens the only Dockerfile of the chosen folder, marks edits and saves them', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    fs.put('/ctx/app.py', 'print(1)\n');
    fs.folderChoice = '/ctx';
    render(DockerfilesView, { session: new DockerfileSession() });
    await fireEvent.click(screen.getByTestId('dockerfile-empty-open'));
    await waitFor(() => expect(screen.getByTestId('code-editor')).toBeInTheDocument());
    expect(screen.getByTestId('dockerfile-folder')).toHaveTextContent('/ctx');
    expect(screen.getByTestId('dockerfile-file')).toHaveTextContent('Dockerfile');
    expect(screen.getByTestId('code-editor-content').textContent).toContain('FROM busybox:1');
    expect(screen.getByTestId('dockerfile-tab-dockerfile')).toHaveAttribute('data-dirty', 'false');

    type('USER 1000\n');
    await waitFor(() =>
      expect(screen.getByTestId('dockerfile-tab-dockerfile')).toHaveAttribute('data-dirty', 'true'),
    );
    expect(screen.getByTestId('dockerfile-dirty')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('dockerfile-save'));
    await waitFor(() =>
      expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM busybox:1\nUSER 1000\n'),
    );
    await waitFor(() =>
      expect(screen.getByTestId('dockerfile-tab-dockerfile')).toHaveAttribute(
        'data-dirty',
        'false',
      ),
    );
  });

  it('asks which Dockerfile when the folder holds several, and -f shows the one chosen', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    fs.put('/ctx/dev.Dockerfile', 'FROM busybox:1\nRUN echo dev\n');
    fs.folderChoice = '/ctx';
    render(DockerfilesView, { session: new DockerfileSession() });
    await fireEvent.click(screen.getByTestId('dockerfile-open-folder'));
    const choices = await screen.findAllByTestId('dockerfile-choice');
    expect(choices.map((c) => c.dataset.name)).toEqual(['Dockerfile', 'dev.Dockerfile']);
    await fireEvent.click(choices[1]!);
    await waitFor(() =>
      expect(screen.getByTestId('dockerfile-file')).toHaveTextContent('dev.Dockerfile'),
    );
    expect(screen.getByTestId('code-editor-content').textContent).toContain('RUN echo dev');
  });

  it('offers reload, overwrite or keep editing when the file changed on disk', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    const session = new DockerfileSession();
    await session.open('/ctx', 'Dockerfile');
    render(DockerfilesView, { session });
    type('USER 1\n');
    fs.put('/ctx/Dockerfile', 'FROM theirs:1\n');
    await fireEvent.click(screen.getByTestId('dockerfile-save'));
    const bar = await screen.findByTestId('dockerfile-conflict');
    expect(bar).toHaveTextContent('changed on disk');
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM theirs:1\n');

    await fireEvent.click(screen.getByTestId('dockerfile-conflict-keep'));
    expect(screen.queryByTestId('dockerfile-conflict')).toBeNull();
    expect(editorView().state.doc.toString()).toBe('FROM busybox:1\nUSER 1\n');

    await fireEvent.click(screen.getByTestId('dockerfile-save'));
    await screen.findByTestId('dockerfile-conflict');
    await fireEvent.click(screen.getByTestId('dockerfile-conflict-reload'));
    await waitFor(() => expect(editorView().state.doc.toString()).toBe('FROM theirs:1\n'));
    expect(screen.queryByTestId('dockerfile-conflict')).toBeNull();

    type('USER 2\n');
    fs.put('/ctx/Dockerfile', 'FROM third:1\n');
    await fireEvent.click(screen.getByTestId('dockerfile-save'));
    await screen.findByTestId('dockerfile-conflict');
    await fireEvent.click(screen.getByTestId('dockerfile-conflict-overwrite'));
    await waitFor(() => expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM theirs:1\nUSER 2\n'));
  });

  it('edits the .dockerignore in its own tab and creates it on save', async () => {
    fs.put('/ctx/Dockerfile', 'FROM busybox:1\n');
    const session = new DockerfileSession();
    await session.open('/ctx', 'Dockerfile');
    render(DockerfilesView, { session });
    await fireEvent.click(screen.getByTestId('dockerfile-tab-ignore'));
    await waitFor(() =>
      expect(screen.getByTestId('code-editor')).toHaveAttribute('data-language', 'ignore'),
    );
    expect(screen.getByTestId('dockerfile-save')).toHaveTextContent('Create');
    type('.git\n');
    await fireEvent.click(screen.getByTestId('dockerfile-save'));
    await waitFor(() => expect(fs.files.get('/ctx/.dockerignore')).toBe('.git\n'));
    expect(fs.files.get('/ctx/Dockerfile')).toBe('FROM busybox:1\n');
  });
});
