// The Compose section in a DOM over the fake backend: the teaching empty state, opening a file
// through the dialog (with its .env), the file bar, saving, the conflict on a file changed on
// disk, the unsaved-change question, a file another view asks to open, and templates.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { EditorView } from '@codemirror/view';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
// Mounting CodeMirror the first time is slow on a loaded machine.
vi.setConfig({ testTimeout: 20_000 });

import { backend } from '$lib/testing/fake-client';
import { makeComposeLoad } from '$lib/testing/fake-compose';
import ComposeView from './ComposeView.svelte';
import { ComposeSession } from '$lib/stores/compose.svelte';
import { composeAnalysers } from './composeAnalysers';
import { navigation } from '$lib/navigation.svelte';
import { composePanels } from './composePanels';

const fs = backend.dockerfiles;
const fake = backend.compose;

afterEach(() => {
  fs.files.clear();
  fs.saves = [];
  fs.folderChoice = null;
  fake.fileChoice = null;
  fake.fileDialogs = [];
  fake.loads = [];
  fake.answer = makeComposeLoad();
  fake.error = null;
  navigation.section = 'home';
});

function editorView(testid = 'compose-editor'): EditorView {
  const dom = screen.getByTestId(testid).querySelector('.cm-editor');
  const view = dom && EditorView.findFromDOM(dom as HTMLElement);
  if (!view) throw new Error('no editor');
  return view;
}

function type(text: string): void {
  const view = editorView();
  view.dispatch({ changes: { from: view.state.doc.length, insert: text } });
}

const text = 'services:\n  web:\n    image: nginx:${TAG}\n';

describe('ComposeView', () => {
  it('teaches what a compose file is before one is open, beside the stacks column', () => {
    render(ComposeView, { session: new ComposeSession() });
    expect(screen.getByTestId('compose-empty')).toHaveTextContent('service');
    expect(screen.getByTestId('compose-stacks')).toHaveTextContent('Stacks on this engine');
    expect(screen.queryByTestId('compose-editor')).toBeNull();
  });

  it('opens the file the dialog returns with its .env, edits and saves it', async () => {
    fs.put('/a1/compose.yaml', text);
    fs.put('/a1/.env', 'TAG=1.27\n');
    fake.fileChoice = '/a1/compose.yaml';
    render(ComposeView, { session: new ComposeSession(composeAnalysers) });
    await fireEvent.click(screen.getByTestId('compose-empty-open'));
    await waitFor(() => expect(screen.getByTestId('compose-editor')).toBeInTheDocument());
    expect(screen.getByTestId('compose-editor')).toHaveAttribute('data-language', 'yaml');
    expect(editorView().state.doc.toString()).toBe(text);
    expect(screen.getByTestId('compose-env-file')).toHaveTextContent('.env');
    expect(screen.getByTestId('compose-tab-compose')).toHaveTextContent('compose.yaml');
    await waitFor(() => expect(fake.loads.at(-1)?.path).toBe('/a1/compose.yaml'));

    type('    restart: always\n');
    await waitFor(() =>
      expect(screen.getByTestId('compose-tab-compose')).toHaveAttribute('data-dirty', 'true'),
    );
    // The loader is asked again with the text being edited, not the one on disk.
    await waitFor(() => expect(fake.loads.at(-1)?.text).toContain('restart: always'), {
      timeout: 5000,
    });
    await fireEvent.click(screen.getByTestId('compose-save'));
    await waitFor(() =>
      expect(fs.files.get('/a1/compose.yaml')).toBe(`${text}    restart: always\n`),
    );
    await waitFor(() =>
      expect(screen.getByTestId('compose-tab-compose')).toHaveAttribute('data-dirty', 'false'),
    );
  });

  it('offers reload, overwrite or keep editing when the file changed on disk', async () => {
    fs.put('/a2/compose.yaml', text);
    const session = new ComposeSession();
    await session.open('/a2/compose.yaml');
    render(ComposeView, { session });
    type('# mine\n');
    fs.put('/a2/compose.yaml', 'services: {}\n');
    await fireEvent.click(screen.getByTestId('compose-save'));
    expect(await screen.findByTestId('compose-conflict')).toHaveTextContent('changed on disk');
    expect(fs.files.get('/a2/compose.yaml')).toBe('services: {}\n');
    await fireEvent.click(screen.getByTestId('compose-conflict-reload'));
    await waitFor(() => expect(editorView().state.doc.toString()).toBe('services: {}\n'));
    type('# again\n');
    fs.put('/a2/compose.yaml', 'services: {x: {}}\n');
    await fireEvent.click(screen.getByTestId('compose-save'));
    await screen.findByTestId('compose-conflict');
    await fireEvent.click(screen.getByTestId('compose-conflict-overwrite'));
    await waitFor(() => expect(fs.files.get('/a2/compose.yaml')).toBe('services: {}\n# again\n'));
  });

  it('asks before opening another file over unsaved edits', async () => {
    fs.put('/a3/compose.yaml', text);
    fs.put('/a3/other.yaml', 'services: {}\n');
    const session = new ComposeSession();
    await session.open('/a3/compose.yaml');
    render(ComposeView, { session });
    type('# unsaved\n');
    fake.fileChoice = '/a3/other.yaml';
    await fireEvent.click(screen.getByTestId('compose-open-file'));
    expect(await screen.findByTestId('compose-unsaved')).toHaveTextContent('compose.yaml');
    await fireEvent.click(screen.getByTestId('compose-unsaved-cancel'));
    expect(session.path).toBe('/a3/compose.yaml');
    expect(fake.fileDialogs).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('compose-open-file'));
    await fireEvent.click(await screen.findByTestId('compose-unsaved-discard'));
    await waitFor(() => expect(session.path).toBe('/a3/other.yaml'));
    expect(fs.files.get('/a3/compose.yaml')).toBe(text);
  });

  it('opens a file another view asks for', async () => {
    fs.put('/a4/docker-compose.yml', text);
    navigation.open('compose', '/a4/docker-compose.yml');
    const session = new ComposeSession();
    render(ComposeView, { session });
    await waitFor(() => expect(session.path).toBe('/a4/docker-compose.yml'));
    expect(screen.getByTestId('compose-tab-compose')).toHaveTextContent('docker-compose.yml');
  });

  it('shows the panels of the registry as tabs, Problems first', async () => {
    fs.put('/a5/compose.yaml', text);
    const session = new ComposeSession();
    await session.open('/a5/compose.yaml');
    render(ComposeView, { session });
    for (const p of composePanels)
      expect(screen.getByTestId(`compose-panel-tab-${p.id}`)).toBeInTheDocument();
    expect(screen.getByTestId('compose-panel-problems')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('compose-panel-tab-config'));
    expect(screen.getByTestId('compose-panel-config')).toBeInTheDocument();
  });

  it('writes a template with its Dockerfile into the folder chosen and opens it', async () => {
    fs.folderChoice = '/a6';
    render(ComposeView, { session: new ComposeSession() });
    await fireEvent.click(screen.getByTestId('compose-empty-template'));
    const built = (await screen.findAllByTestId('compose-template')).find(
      (b) => b.dataset.id === 'built-service',
    );
    await fireEvent.click(built!);
    expect(screen.getByTestId('compose-template-preview')).toHaveTextContent('build:');
    await fireEvent.click(screen.getByTestId('compose-template-use'));
    await waitFor(() => expect(screen.getByTestId('compose-editor')).toBeInTheDocument());
    expect(fs.files.get('/a6/compose.yaml')).toContain('context: .');
    expect(fs.files.get('/a6/Dockerfile')).toContain('FROM nginx');
  });

  it('never writes a template over a compose file already in the folder', async () => {
    fs.put('/a7/compose.yaml', 'services: {}\n');
    fs.folderChoice = '/a7';
    render(ComposeView, { session: new ComposeSession() });
    await fireEvent.click(screen.getByTestId('compose-template-open'));
    await fireEvent.click(await screen.findByTestId('compose-template-use'));
    expect(await screen.findByTestId('compose-template-error')).toHaveTextContent('already exists');
    expect(fs.files.get('/a7/compose.yaml')).toBe('services: {}\n');
  });
});
