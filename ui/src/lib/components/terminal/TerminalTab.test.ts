// The Terminal tab against the fake backend, with xterm.js replaced by a recorder (jsdom has
// no layout for it to measure): what opens, what is typed, what is shown when a session ends.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';

const terms = vi.hoisted(() => [] as FakeTerm[]);
interface FakeTerm {
  written: Uint8Array[];
  typed: (data: string) => void;
  disposed: boolean;
}

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));
vi.mock('./xterm', () => ({
  loadXterm: async () => ({
    Terminal: FakeTerminal,
    FitAddon: class {
      fit() {}
    },
  }),
}));
const FakeTerminal = vi.hoisted(
  () =>
    class {
      cols = 80;
      rows = 24;
      record: FakeTerm = { written: [], typed: () => undefined, disposed: false };
      constructor() {
        terms.push(this.record);
      }
      loadAddon() {}
      open() {}
      focus() {}
      attachCustomKeyEventHandler() {}
      onData(cb: (d: string) => void) {
        this.record.typed = cb;
      }
      write(bytes: Uint8Array) {
        this.record.written.push(bytes);
      }
      getSelection() {
        return '';
      }
      paste() {}
      dispose() {
        this.record.disposed = true;
      }
    },
);

import TerminalTab from './TerminalTab.svelte';
import { backend } from '$lib/testing/fake-client';

afterEach(() => {
  terms.length = 0;
  backend.exec.sessions = [];
  backend.exec.inputs = [];
});

describe('the Terminal tab', () => {
  it('says in words that a stopped container must be started first', async () => {
    render(TerminalTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'exited' }),
    });
    expect(screen.getByTestId('terminal-not-running').textContent).toContain(
      'Start the container to open a terminal',
    );
    expect((screen.getByTestId('terminal-open') as HTMLButtonElement).disabled).toBe(true);
  });

  it('opens the command shown, sends keys, writes the screen and shows the exit code', async () => {
    render(TerminalTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'running' }),
    });
    await waitFor(() =>
      expect(screen.getByTestId('terminal-command-text').textContent).toContain(
        'docker exec -it web sh',
      ),
    );
    await fireEvent.click(screen.getByTestId('terminal-open'));
    await waitFor(() => expect(backend.exec.sessions).toHaveLength(1));
    const session = backend.exec.sessions[0];
    expect(session.request?.cmd).toEqual(['sh']);
    expect(session.size).toEqual({ cols: 80, rows: 24 });
    expect(screen.getByTestId('terminal-session-command').textContent).toContain(
      'docker exec -it web sh',
    );

    session.send({ type: 'data', data: { base64: btoa('hello-42\r\n') } });
    expect(new TextDecoder().decode(terms[0].written[0])).toBe('hello-42\r\n');
    await waitFor(() => expect(screen.getByTestId('terminal-session').dataset.phase).toBe('open'));
    terms[0].typed('exit 3\r');
    await waitFor(() =>
      expect(backend.exec.inputs).toEqual([{ stream: session.id, data: 'exit 3\r' }]),
    );

    session.send({ type: 'end', end: { exitCode: 3, detached: false, notStarted: null } });
    expect((await screen.findByTestId('terminal-ended')).textContent).toBe('exited with code 3');
    expect(screen.getByTestId('terminal-session-tab').textContent).toContain('(ended)');

    await fireEvent.click(screen.getByTestId('terminal-session-close'));
    expect(screen.queryByTestId('terminal-session')).toBeNull();
    expect(terms[0].disposed).toBe(true);
  });

  it('keeps several terminals, each its own session, and closing one cancels only it', async () => {
    render(TerminalTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'running' }),
    });
    await screen.findByTestId('terminal-command-text');
    await fireEvent.click(screen.getByTestId('terminal-open'));
    // The form folds away for the terminal; "New terminal…" brings it back.
    expect(screen.queryByTestId('terminal-open')).toBeNull();
    await fireEvent.click(screen.getByTestId('terminal-new'));
    await fireEvent.click(screen.getByTestId('terminal-open'));
    await waitFor(() => expect(backend.exec.sessions).toHaveLength(2), { timeout: 5000 });
    expect(screen.getAllByTestId('terminal-session-tab')).toHaveLength(2);
    await fireEvent.click(screen.getAllByTestId('terminal-session-close')[0]);
    await waitFor(() => expect(backend.exec.sessions[0].cancelled).toBe(true));
    expect(backend.exec.sessions[1].cancelled).toBe(false);
    expect(screen.getAllByTestId('terminal-session-tab')).toHaveLength(1);
  });

  it('attaches with the sentence on attach and exec, and Detach sends ctrl-p ctrl-q', async () => {
    render(TerminalTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'running' }),
    });
    await fireEvent.click(screen.getByTestId('terminal-mode-attach'));
    expect(screen.getByTestId('terminal-attach-explain').textContent).toMatch(
      /ctrl-p\s+then ctrl-q/,
    );
    await waitFor(() =>
      expect(screen.getByTestId('terminal-command-text').textContent).toContain(
        'docker attach web',
      ),
    );
    await fireEvent.click(screen.getByTestId('terminal-open'));
    await waitFor(() => expect(backend.exec.sessions[0]?.mode).toBe('attach'));
    await waitFor(() => expect(screen.getByTestId('terminal-session').dataset.phase).toBe('open'));
    await fireEvent.click(screen.getByTestId('terminal-detach'));
    await waitFor(() =>
      expect(backend.exec.inputs).toEqual([
        { stream: backend.exec.sessions[0].id, data: '\u0010\u0011' },
      ]),
    );
  });

  it('shows why an open was refused', async () => {
    render(TerminalTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'running' }),
    });
    await screen.findByTestId('terminal-command-text');
    backend.exec.refuse = new Error('web is exited: start the container to open a terminal');
    await fireEvent.click(screen.getByTestId('terminal-open'));
    expect((await screen.findByTestId('terminal-ended')).textContent).toContain(
      'start the container',
    );
  });

  it('sends keystrokes one call at a time, in the order typed', async () => {
    render(TerminalTab, {
      id: 'c1',
      details: makeDetails({ id: 'c1', name: 'web', state: 'running' }),
    });
    await fireEvent.click(await screen.findByTestId('terminal-open'));
    await waitFor(() => expect(backend.exec.sessions).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('terminal-session').dataset.phase).toBe('open'));
    const sent: string[] = [];
    let inFlight = 0;
    let most = 0;
    backend.client().exec.input = async (_stream: number, data: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      sent.push(data);
      await new Promise((r) => setTimeout(r, 10));
      inFlight--;
      return null;
    };
    for (const key of 'echo $((6*7))\r') terms[0].typed(key);
    await waitFor(() => expect(sent.join('')).toBe('echo $((6*7))\r'));
    expect(most).toBe(1);
    // What was typed while the first call was out went together in the next one.
    expect(sent[0]).toBe('e');
    expect(sent.length).toBeLessThan(4);
  });
});
