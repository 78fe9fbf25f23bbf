// One layer's changes (a flat list of paths from the engine, sorted) folded into a tree: each
// folder carries the bytes and the added/changed/deleted counts of what lies under it, so a
// folded tree still says where the bytes went.
import type { ChangeKind, EntryKind, LayerChange } from '$lib/ipc/client';

export interface LayerNode {
  name: string;
  /** From `/`. */
  path: string;
  /** None for a folder the layer did not list itself (only things inside it changed). */
  change: ChangeKind | null;
  kind: EntryKind;
  /** A file's bytes; for a folder, the bytes of the changes under it; for a deletion, the
   *  bytes that went with it. */
  size: number;
  link: string | null;
  children: LayerNode[];
  added: number;
  changed: number;
  deleted: number;
}

function node(name: string, path: string): LayerNode {
  return {
    name,
    path,
    change: null,
    kind: 'folder',
    size: 0,
    link: null,
    children: [],
    added: 0,
    changed: 0,
    deleted: 0,
  };
}

export function layerTree(changes: LayerChange[]): LayerNode[] {
  const root = node('', '');
  const byPath = new Map<string, LayerNode>([['', root]]);
  for (const c of changes) {
    const size = c.size ?? 0;
    const parts = c.path.split('/').filter(Boolean);
    if (parts.length === 0) continue;
    let at = root;
    let path = '';
    for (const [i, part] of parts.entries()) {
      path = `${path}/${part}`;
      let next = byPath.get(path);
      if (!next) {
        next = node(part, path);
        byPath.set(path, next);
        at.children.push(next);
      }
      // Folders above the change count it and its bytes; the changed path itself does not.
      if (i < parts.length - 1) {
        next[c.change] += 1;
        next.size += size;
      }
      at = next;
    }
    at.change = c.change;
    at.kind = c.kind;
    at.link = c.link;
    // A folder written again keeps the bytes counted from below (its own entry has none); a
    // deleted one is listed alone, with the bytes that went with it.
    if (c.kind !== 'folder' || c.change === 'deleted') at.size = size;
  }
  sort(root.children);
  return root.children;
}

function sort(nodes: LayerNode[]) {
  nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const n of nodes) sort(n.children);
}

/** Every folder path down to `depth` levels. */
export function foldersTo(nodes: LayerNode[], depth: number, into = new Set<string>()) {
  if (depth <= 0) return into;
  for (const n of nodes) {
    if (n.children.length > 0) {
      into.add(n.path);
      foldersTo(n.children, depth - 1, into);
    }
  }
  return into;
}

/** The folders leading to every deleted path, so a deletion is never folded out of sight. */
export function foldersToDeletions(nodes: LayerNode[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.children.length === 0) continue;
    if (n.deleted > 0) {
      into.add(n.path);
      foldersToDeletions(n.children, into);
    }
  }
  return into;
}
