// The Logs tab as a user sees it, over a fake logs backend: lines painted per frame, hostile
// text kept as text, colours as styled spans, streams told apart in words, pause counting,
// search with next, an unreadable log in words, long and cut lines, JSON parsed, and saving.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { makeDetails } from '$lib/testing/fake-ipc';
import { FakeLogsFeed, logLine } from '$lib/testing/fake-logs-feed';
import LogsTab from './LogsTab.svelte';

// jsdom lays nothing out and has no ResizeObserver: this one reports every observed element as
// 600 px tall, so the real virtual list sees a viewport and renders the rows that fill it.
class SizedObserver {
  #report: ResizeObserverCallback;
  constructor(report: ResizeObserverCallback) {
    this.#report = report;
  }
  observe(target: Element) {
    const entry = { target, contentRect: { width: 800, height: 600 } };
    queueMicrotask(() => this.#report([entry as never], this as never));
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = SizedObserver as never;
// Nor does it scroll: following the end asks the list to scroll, which is a no-op here.
Element.prototype.scrollTo = function () {};

async function open(state: 'running' | 'exited' | 'created' = 'running') {
  const feed = new FakeLogsFeed();
  const view = render(LogsTab, {
    id: 'c1',
    details: makeDetails({ id: 'c1', state }),
    feed,
    frame: feed.frame,
  });
  await screen.findByTestId('logs-view');
  await Promise.resolve();
  return { feed, view };
}

async function paint(feed: FakeLogsFeed) {
  feed.flush();
  await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

const rowsText = () => screen.queryAllByTestId('log-text').map((n) => n.textContent);

describe('LogsTab', () => {
  it('follows the last 500 lines and shows the docker line', async () => {
    const { feed } = await open();
    expect(feed.last.request).toMatchObject({ ids: ['c1'], tail: 500, follow: true });
    expect((await screen.findByTestId('logs-command-text')).textContent).toContain(
      'docker logs -f --tail 500 c1',
    );
  });

  it('renders markup a container prints as text, never as elements', async () => {
    const { feed } = await open();
    feed.batch([logLine('<img src=x onerror=alert(1)>'), logLine('<script>alert(2)</script>')]);
    await paint(feed);
    const list = screen.getByTestId('logs-list');
    expect(rowsText()).toEqual(['<img src=x onerror=alert(1)>', '<script>alert(2)</script>']);
    expect(list.querySelector('img')).toBeNull();
    expect(list.querySelector('script')).toBeNull();
  });

  it('shows ANSI red as a styled span and other escapes inert', async () => {
    const { feed } = await open();
    feed.batch([logLine('\u001b[31mred text\u001b[0m plain \u001b[2J')]);
    await paint(feed);
    const styled = screen.getByTestId('log-styled');
    expect(styled.textContent).toBe('red text');
    expect(styled.classList.contains('f-1')).toBe(true);
    expect(rowsText()[0]).toBe('red text plain \u241b[2J');
  });

  it('tells stdout and stderr apart in words, not only colour', async () => {
    const { feed } = await open();
    feed.batch([logLine('fine'), logLine('bad', { stream: 'stderr' })]);
    await paint(feed);
    const [out, err] = screen.getAllByTestId('log-stream');
    expect(out.getAttribute('aria-label')).toMatch(/stdout/);
    expect(err.getAttribute('aria-label')).toMatch(/stderr/);
    expect(err.textContent).toBe('err');
  });

  it('when paused keeps counting new lines and paints them on follow', async () => {
    const { feed } = await open();
    feed.batch([logLine('one')]);
    await paint(feed);
    await fireEvent.click(screen.getByTestId('logs-pause'));
    feed.batch([logLine('two'), logLine('three')]);
    await paint(feed);
    expect(screen.getByTestId('logs-paused').textContent).toMatch(/Paused — 2 new lines/);
    feed.batch([logLine('four')]);
    await paint(feed);
    expect(screen.getByTestId('logs-paused').textContent).toMatch(/Paused — 3 new lines/);
    expect(rowsText()).toEqual(['one']);
    await fireEvent.click(screen.getByTestId('logs-resume'));
    expect(rowsText()).toEqual(['one', 'two', 'three', 'four']);
    expect(screen.queryByTestId('logs-paused')).toBeNull();
  });

  it('says honestly when lines were skipped or dropped', async () => {
    const { feed } = await open();
    feed.batch([logLine('a')], 1234);
    await paint(feed);
    expect(screen.getByTestId('logs-behind').textContent).toMatch(/Behind by 1,234 lines/);
  });

  it('counts matches, marks them, and moves to the next', async () => {
    const { feed } = await open();
    feed.batch(Array.from({ length: 20 }, (_, i) => logLine(`line-${i} ${i % 5 ? '' : 'hit'}`)));
    await paint(feed);
    await fireEvent.input(screen.getByTestId('logs-search'), { target: { value: 'hit' } });
    expect(screen.getByTestId('logs-match-count').textContent).toBe('4 matching entries');
    expect(screen.getAllByTestId('log-match').length).toBeGreaterThan(0);
    await fireEvent.click(screen.getByTestId('logs-next'));
    expect(screen.getByTestId('logs-match-count').textContent).toBe('1 of 4 matching entries');
    await fireEvent.click(screen.getByTestId('logs-only-matching'));
    expect(rowsText()).toHaveLength(4);
  });

  it('names the search field when the regex is broken', async () => {
    await open();
    await fireEvent.click(screen.getByTestId('logs-regex'));
    await fireEvent.input(screen.getByTestId('logs-search'), { target: { value: '[a-' } });
    expect(screen.getByTestId('logs-search-error').textContent).toMatch(
      /^Search: “\[a-” is not a valid regular expression/,
    );
  });

  it('says in words when the engine keeps no log', async () => {
    const feed = new FakeLogsFeed();
    feed.refuse = {
      code: 'logs_unreadable',
      message: 'this container sends its output to syslog; the engine keeps no copy to read back',
    };
    render(LogsTab, { id: 'c1', details: makeDetails(), feed, frame: feed.frame });
    const box = await screen.findByTestId('logs-unreadable');
    expect(box.textContent).toMatch(/sends its output to syslog/);
    expect(screen.queryByTestId('logs-error')).toBeNull();
  });

  it('clips a very long line with a way to see it whole, and says what the backend cut', async () => {
    const { feed } = await open();
    feed.batch([logLine('x'.repeat(65_536), { cut: 983_040 })]);
    await paint(feed);
    expect(rowsText()[0]?.startsWith('x'.repeat(4000) + '… show whole line')).toBe(true);
    expect(screen.getByTestId('log-cut').textContent).toMatch(/983,040 bytes cut/);
    await fireEvent.click(screen.getByTestId('log-show-whole'));
    expect(screen.queryByTestId('log-show-whole')).toBeNull();
    expect(screen.getByTestId('log-text').textContent?.startsWith('x'.repeat(65_536))).toBe(true);
  });

  it('shows a JSON entry parsed, and groups a stack trace under its first line', async () => {
    const { feed } = await open();
    feed.batch([
      logLine('{"level":"error","msg":"db down","retry":3}'),
      logLine('Exception in thread "main" java.lang.RuntimeException'),
      logLine('\tat Main.main(Main.java:3)'),
    ]);
    await paint(feed);
    const rows = screen.getAllByTestId('log-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].dataset.level).toBe('error');
    expect(within(rows[0]).getByTestId('log-json-pretty').textContent).toContain('"retry": 3');
    expect(within(rows[1]).getAllByTestId('log-text')).toHaveLength(2);
    await fireEvent.click(within(rows[1]).getByTestId('log-fold'));
    expect(within(rows[1]).getAllByTestId('log-text')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('logs-json'));
    expect(screen.queryByTestId('log-json')).toBeNull();
  });

  it('filters by level', async () => {
    const { feed } = await open();
    feed.batch([logLine('INFO up'), logLine('ERROR down'), logLine('WARN slow')]);
    await paint(feed);
    await fireEvent.change(screen.getByTestId('logs-level'), { target: { value: 'warn' } });
    expect(rowsText()).toEqual(['ERROR down', 'WARN slow']);
  });

  it('saves the whole log with progress, and shows the command when done', async () => {
    const { feed } = await open();
    feed.savePath = '/home/me/web.log';
    await fireEvent.click(screen.getByTestId('logs-save'));
    await new Promise((r) => setTimeout(r, 0));
    expect(feed.saves).toHaveLength(1);
    expect(feed.saves[0]).toMatchObject({ id: 'c1', path: '/home/me/web.log', timestamps: false });
    feed.saves[0].send({ type: 'data', data: { bytes: 2048 } });
    expect((await screen.findByTestId('logs-save-progress')).textContent).toMatch(/2.05 kB so far/);
    feed.saves[0].send({
      type: 'end',
      end: { bytes: 4096, lines: 120, command: 'docker logs web > /home/me/web.log 2>&1' },
    });
    expect((await screen.findByTestId('logs-save-done')).textContent).toMatch(/Saved 120 lines/);
    expect(screen.getByTestId('logs-save-command-text').textContent).toContain('docker logs web');
  });

  it('asks for a new window when the tail changes, and names a bad one', async () => {
    const { feed } = await open();
    const tail = screen.getByTestId('logs-tail');
    await fireEvent.input(tail, { target: { value: 'lots' } });
    expect(screen.getByTestId('logs-window-error').textContent).toMatch(/^Last … lines: “lots”/);
    expect(screen.getByTestId('logs-apply')).toBeDisabled();
    await fireEvent.input(tail, { target: { value: '50' } });
    await fireEvent.click(screen.getByTestId('logs-apply'));
    await new Promise((r) => setTimeout(r, 0));
    expect(feed.streams).toHaveLength(2);
    expect(feed.streams[0].cancelled).toBe(true);
    expect(feed.last.request.tail).toBe(50);
  });

  it('says what a never-started container has printed', async () => {
    const { feed } = await open('created');
    feed.last.send({ type: 'end', end: { lines: 0 } });
    await paint(feed);
    expect(screen.getByTestId('logs-empty').textContent).toMatch(/never run/);
  });
});
