import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { backend } from '$lib/testing/fake-client';
import { filtersStayWithTheirEngine, keepListView } from './listViews.svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

interface List {
  filter: string;
  showAll?: boolean;
}

/** Keeps `list` under `id` inside an effect root, as a view's setup would (with its "show
 *  stopped too" box when it has one); returns its end. */
function kept(id: string, list: List): () => void {
  const toggles = list.showAll === undefined ? [] : (['showAll'] as const);
  return $effect.root(() => keepListView(id, () => list as Required<List>, toggles));
}

/** Lets the settings answer arrive and the pause before a write pass. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  flushSync();
  await vi.advanceTimersByTimeAsync(1000);
}

describe('kept list views', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    backend.listViewsKept = [];
    backend.uiSettings = { ...backend.uiSettings, lists: {} };
  });
  afterEach(() => vi.useRealTimers());

  it('opens a list as it was left and writes nothing while nothing changes', async () => {
    backend.uiSettings.lists = { containers: { filter: 'web', toggles: { showAll: false } } };
    const list = $state({ filter: '', showAll: true });
    const end = kept('containers', list);
    await settle();
    expect(list).toEqual({ filter: 'web', showAll: false });
    expect(backend.listViewsKept).toEqual([]);
    end();
  });

  it('keeps a change once typing pauses, once', async () => {
    const list = $state({ filter: '' });
    const end = kept('images', list);
    await settle();
    for (const typed of ['a', 'al', 'alp']) {
      list.filter = typed;
      flushSync();
      await vi.advanceTimersByTimeAsync(100);
    }
    await settle();
    expect(backend.listViewsKept).toEqual([
      { list: 'images', view: { filter: 'alp', toggles: {} } },
    ]);
    end();
    await settle();
    expect(backend.listViewsKept).toHaveLength(1);
  });

  it('a change made just before the view closes is kept, not dropped with its pause', async () => {
    const list = $state({ filter: '', showAll: true });
    const end = kept('containers', list);
    await settle();
    list.filter = 'web';
    list.showAll = false;
    flushSync();
    end();
    await settle();
    expect(backend.listViewsKept).toEqual([
      { list: 'containers', view: { filter: 'web', toggles: { showAll: false } } },
    ]);
  });

  it('a filter typed before the kept one arrives wins, and is what is kept', async () => {
    backend.uiSettings.lists = { volumes: { filter: 'old', toggles: {} } };
    const list = $state({ filter: '' });
    const end = kept('volumes', list);
    list.filter = 'new';
    await settle();
    expect(list.filter).toBe('new');
    expect(backend.listViewsKept).toEqual([
      { list: 'volumes', view: { filter: 'new', toggles: {} } },
    ]);
    end();
  });

  it('lists open unfiltered when the settings cannot be read', async () => {
    const get = backend.client().settings.get;
    backend.client().settings.get = () => Promise.reject(new Error('gone'));
    const list = $state({ filter: '' });
    const end = kept('networks', list);
    await settle();
    expect(list.filter).toBe('');
    list.filter = 'br';
    flushSync();
    await settle();
    expect(backend.listViewsKept).toEqual([
      { list: 'networks', view: { filter: 'br', toggles: {} } },
    ]);
    backend.client().settings.get = get;
    end();
  });
});

// Last in this file: the switch is once per window, and this module is the window's.
describe('after an engine switch', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    backend.listViewsKept = [];
  });
  afterEach(() => vi.useRealTimers());

  it('lists open without the old engine’s filter, keep their check boxes, and forget it', async () => {
    filtersStayWithTheirEngine();
    backend.uiSettings.lists = { containers: { filter: 'a1b2c3', toggles: { showAll: false } } };
    const list = $state({ filter: '', showAll: true });
    const end = kept('containers', list);
    await settle();
    expect(list).toEqual({ filter: '', showAll: false });
    expect(backend.listViewsKept).toEqual([
      { list: 'containers', view: { filter: '', toggles: { showAll: false } } },
    ]);
    end();
  });
});
