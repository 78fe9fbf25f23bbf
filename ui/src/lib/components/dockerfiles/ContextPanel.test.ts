// The Context panel over a fake build backend: what goes and what .dockerignore leaves out, the
// largest files, the large-context warning with a starter .dockerignore when there is none (and
// the folder's own when there is), and a fresh read once edits are saved.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { FakeBuildFeed } from '$lib/testing/fake-build-feed';
import ContextPanel from './ContextPanel.svelte';
import ContextHarness from '$lib/testing/ContextPanelHarness.svelte';
import type { BuildSession, ContextSummary } from './buildTypes';

const big: ContextSummary = {
  files: 1204,
  bytes: 310_000_000,
  ignoredFiles: 0,
  ignoredBytes: 0,
  largest: [
    { path: 'node_modules/big/lib.bin', bytes: 200_000_000 },
    { path: 'data/dump.sql', bytes: 90_000_000 },
  ],
  hasDockerignore: false,
  warning: 'The context is 310 MB: every build sends all of it before the first step.',
};

function session(over: Partial<BuildSession> = {}): BuildSession {
  return {
    folder: '/srv/app',
    file: 'Dockerfile',
    dirty: false,
    parsed: null,
    highlighted: [],
    lastBuild: null,
    goToLine() {},
    ...over,
  };
}

describe('ContextPanel', () => {
  it('shows what is sent and what .dockerignore leaves out', async () => {
    const api = new FakeBuildFeed();
    api.summary = () => ({
      files: 12,
      bytes: 4096,
      ignoredFiles: 30,
      ignoredBytes: 1_000_000,
      largest: [{ path: 'src/main.go', bytes: 2048 }],
      hasDockerignore: true,
      warning: null,
    });
    render(ContextPanel, { session: session(), api, openDockerignore: () => {} });
    const sent = await screen.findByTestId('context-sent');
    expect(api.summaries).toEqual([{ contextDir: '/srv/app', dockerfile: 'Dockerfile' }]);
    expect(sent.textContent).toContain('12 files');
    expect(screen.getByTestId('context-ignored').textContent).toContain('30 files');
    expect(screen.getByTestId('context-file').dataset.path).toBe('src/main.go');
    expect(screen.queryByTestId('context-warning')).toBeNull();
  });

  it('warns about a large context and offers a starter .dockerignore when there is none', async () => {
    const api = new FakeBuildFeed();
    api.summary = () => big;
    const opened: (string | null)[] = [];
    render(ContextPanel, {
      session: session(),
      api,
      openDockerignore: (s: string | null) => opened.push(s),
    });
    const warning = await screen.findByTestId('context-warning');
    expect(warning.textContent).toContain('310 MB');
    expect(screen.getByTestId('context-ignored').textContent).toContain('no .dockerignore');
    await fireEvent.click(screen.getByTestId('context-write-ignore'));
    expect(opened).toHaveLength(1);
    const starter = opened[0] ?? '';
    expect(starter.split('\n')).toContain('.git');
    expect(starter.split('\n')).toContain('**/node_modules');
    expect(starter.split('\n')).not.toContain('data');
  });

  it("opens the folder's own .dockerignore, without a starter, when it has one", async () => {
    const api = new FakeBuildFeed();
    api.summary = () => ({ ...big, hasDockerignore: true });
    const opened: (string | null)[] = [];
    render(ContextPanel, {
      session: session(),
      api,
      openDockerignore: (s: string | null) => opened.push(s),
    });
    await fireEvent.click(await screen.findByTestId('context-write-ignore'));
    expect(opened).toEqual([null]);
  });

  it('reads again once edits are saved, not when editing starts', async () => {
    const api = new FakeBuildFeed();
    const view = render(ContextHarness, { api });
    await screen.findByTestId('context-sent');
    expect(api.summaries).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('harness-edit'));
    await Promise.resolve();
    expect(api.summaries).toHaveLength(1);
    api.summary = () => ({ ...big, hasDockerignore: true, warning: null });
    await fireEvent.click(screen.getByTestId('harness-save'));
    await waitFor(() => expect(api.summaries).toHaveLength(2));
    await waitFor(() =>
      expect(screen.getByTestId('context-sent').textContent).toContain('1204 files'),
    );
    view.unmount();
  });

  it('asks the session to show the .dockerignore when no opener is given', async () => {
    const api = new FakeBuildFeed();
    api.summary = () => big;
    const asked: (string | null)[] = [];
    render(ContextPanel, {
      session: session({ showIgnore: (s: string | null) => void asked.push(s) }),
      api,
    });
    await fireEvent.click(await screen.findByTestId('context-write-ignore'));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('.git');
  });

  it('says so when the folder cannot be read', async () => {
    const api = new FakeBuildFeed();
    api.summary = () => {
      throw new Error('contextDir: /srv/app is not a folder');
    };
    render(ContextPanel, { session: session(), api, openDockerignore: () => {} });
    expect((await screen.findByTestId('context-error')).textContent).toContain('not a folder');
  });

  it('asks for a folder when none is open', () => {
    render(ContextPanel, {
      session: session({ folder: null }),
      api: new FakeBuildFeed(),
      openDockerignore: () => {},
    });
    expect(screen.getByTestId('context-empty')).toBeInTheDocument();
  });
});
