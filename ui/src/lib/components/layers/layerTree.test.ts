import { describe, expect, it } from 'vitest';
import { makeChange } from '$lib/testing/fake-image-layers';
import { foldersTo, foldersToDeletions, layerTree } from './layerTree';

describe('layerTree', () => {
  it('folds paths into folders that count and size what lies under them', () => {
    const tree = layerTree([
      makeChange({ path: '/cache', kind: 'folder', change: 'changed' }),
      makeChange({ path: '/cache/a', change: 'deleted', size: 10 }),
      makeChange({ path: '/cache/new', size: 7 }),
      makeChange({ path: '/cache/sub', kind: 'folder', change: 'deleted', size: 20 }),
      makeChange({ path: '/usr/lib/x.so', size: 3 }),
    ]);
    expect(tree.map((n) => n.name)).toEqual(['cache', 'usr']);
    const cache = tree[0];
    expect(cache.change).toBe('changed');
    expect([cache.added, cache.changed, cache.deleted, cache.size]).toEqual([1, 0, 2, 37]);
    expect(cache.children.map((n) => [n.name, n.change, n.size])).toEqual([
      ['a', 'deleted', 10],
      ['new', 'added', 7],
      // A deleted folder is a leaf: what went with it is its size.
      ['sub', 'deleted', 20],
    ]);
    const usr = tree[1];
    // /usr and /usr/lib were not listed: folders with no change of their own.
    expect([usr.change, usr.added, usr.size]).toEqual([null, 1, 3]);
    expect(usr.children[0].children[0].path).toBe('/usr/lib/x.so');
  });

  it('opens folders to a depth, and down to every deletion', () => {
    const tree = layerTree([
      makeChange({ path: '/a/b/c/gone', change: 'deleted', size: 1 }),
      makeChange({ path: '/z/y/x', size: 1 }),
    ]);
    expect([...foldersTo(tree, 1)]).toEqual(['/a', '/z']);
    expect([...foldersToDeletions(tree)]).toEqual(['/a', '/a/b', '/a/b/c']);
  });
});
