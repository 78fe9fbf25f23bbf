import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { backend } from '$lib/testing/fake-client';
import { forgetKeptListViews, keepListView, type FilteredList } from './listViews.svelte';

vi.mock('$lib/ipc/client', () => import('$lib/testing/fake-client'));

/** Keeps `list` under `id` inside an effect root, as a view's setup would; returns its end. */
function kept(id: string, list: FilteredList): () => void {
  return $effect.root(() => keepListView(id, () => list));
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
    forgetKeptListViews();
    backend.listViewsKept = [];
    backend.uiSettings = { ...backend.uiSettings, lists: {} };
  });
  afterEach(() => vi.useRealTimers());

  it('opens a list as it was left and writes nothing while nothing changes', async () => {
    backend.uiSettings.lists = { containers: { filter: 'web', runningOnly: true } };
    const list = $state({ filter: '', showAll: true });
    const end = kept('containers', list);
    await settle();
    expect(list).toEqual({ filter: 'web', showAll: false });
    expect(backend.listViewsKept).toEqual([]);
    end();
  });

  it('keeps a change once typing pauses, and a list opened again finds it', async () => {
    const list = $state({ filter: '' });
    const end = kept('images', list);
    await settle();
    for (const typed of ['a', 'al', 'alp']) {
      list.filter = typed;
      flushSync();
      await vi.advanceTimersByTimeAsync(100);
    }
    await settle();
    expect(backend.listViewsKept).toEqual([{ list: 'images', view: { filter: 'alp' } }]);
    end();

    const again = $state({ filter: '' });
    const endAgain = kept('images', again);
    await settle();
    expect(again.filter).toBe('alp');
    expect(backend.listViewsKept).toHaveLength(1);
    endAgain();
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
      { list: 'containers', view: { filter: 'web', runningOnly: true } },
    ]);
  });

  it('a filter typed before the kept one arrives wins, and is what is kept', async () => {
    backend.uiSettings.lists = { volumes: { filter: 'old' } };
    const list = $state({ filter: '' });
    const end = kept('volumes', list);
    list.filter = 'new';
    await settle();
    expect(list.filter).toBe('new');
    expect(backend.listViewsKept).toEqual([{ list: 'volumes', view: { filter: 'new' } }]);
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
    expect(backend.listViewsKept).toEqual([{ list: 'networks', view: { filter: 'br' } }]);
    backend.client().settings.get = get;
    end();
  });
});
