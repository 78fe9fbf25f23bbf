// Changes to a compose file that keep the user's file: comments, key order, blank lines, quoting
// and line breaks stay as written. The `yaml` package parses the text into nodes with source
// ranges; each change is then spliced into the ORIGINAL text at those ranges, so every line the
// change does not touch stays byte-identical (re-printing the whole document would re-indent,
// re-quote and re-space lines the user never edited). The result is handed to the editor as one
// smallest `TextEdit`, so undo and the cursor behave.
import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  Scalar,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { TextEdit } from '$lib/ipc/client';
import { minimalEdit } from '$lib/stores/textDocument.svelte';

/** Where a value is: map keys and list indexes from the top of the file. */
export type YamlPath = readonly (string | number)[];

export type YamlChange =
  /** Sets a map key or list item, creating the maps on the way. */
  | { op: 'set'; path: YamlPath; value: unknown }
  /** Removes a map key or list item (a collection left empty goes with it). */
  | { op: 'remove'; path: YamlPath }
  /** Adds an item at the end of the list at `path`, creating the list if needed. */
  | { op: 'append'; path: YamlPath; value: unknown }
  /** Renames the map key at `path`. */
  | { op: 'rename'; path: YamlPath; to: string }
  /** Adds a service (refused if the name is taken). */
  | { op: 'addService'; name: string; value: unknown }
  /** Renames a service and every reference to it (depends_on, links, volumes_from, network_mode). */
  | { op: 'renameService'; from: string; to: string };

export type EditOutcome = {
  /** The whole new text. */
  text: string;
  /** The one smallest edit from the old text to `text`; null when nothing changed. */
  edit: TextEdit | null;
  /** Things the user should know, e.g. a value that came from an anchor was written on the
   *  service instead. */
  notes: string[];
};

/** A change that cannot be made to this text; the message says why and what to do. */
export class YamlEditError extends Error {}

type ParsedDoc = Document.Parsed;

const PARSE_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false } as const;

/** Parses a compose file for reading; refuses several documents in one file, like compose. */
export function parseCompose(text: string): { doc: ParsedDoc | null; error: string | null } {
  const all = parseAllDocuments(text, PARSE_OPTIONS);
  if (Array.isArray(all) && all.length > 1)
    return {
      doc: null,
      error: `The file holds ${all.length} YAML documents (separated by ---); a compose file is one document.`,
    };
  const doc = parseDocument(text, PARSE_OPTIONS);
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lineOf(text, err.pos[0]);
    return { doc: null, error: `YAML syntax error on line ${line}: ${firstLine(err.message)}` };
  }
  return { doc, error: null };
}

/** Applies one change and returns the new text with its smallest edit. */
export function applyChange(text: string, change: YamlChange): EditOutcome {
  return applyChanges(text, [change]);
}

/** Applies changes in order (each sees the text the previous one left). */
export function applyChanges(text: string, changes: readonly YamlChange[]): EditOutcome {
  const notes: string[] = [];
  let out = text;
  for (const c of changes) out = applyOne(out, c, notes);
  return { text: out, edit: smallestEdit(text, out), notes };
}

/** The smallest single edit turning `before` into `after` (the editor's `minimalEdit`), widened
 *  where it would split a UTF-16 surrogate pair (half an emoji is not a character to edit). */
export function smallestEdit(before: string, after: string): TextEdit | null {
  const edit = minimalEdit(before, after);
  if (!edit) return null;
  let { start, end } = edit;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end < before.length && isLowSurrogate(before.charCodeAt(end))) end++;
  return { start, end, insert: after.slice(start, after.length - (before.length - end)) };
}

/** A string written in double quotes (ports: YAML 1.1 readers turn `80:80` into a number). */
export function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = 'QUOTE_DOUBLE';
  return s;
}

// ---------------------------------------------------------------------------------------------

function applyOne(text: string, change: YamlChange, notes: string[]): string {
  switch (change.op) {
    case 'addService': {
      const doc = mustParse(text);
      const services = doc.get('services', true);
      if (isMap(services) && ownPair(services, change.name))
        throw new YamlEditError(`A service named "${change.name}" already exists.`);
      return pathChange(
        text,
        { op: 'set', path: ['services', change.name], value: change.value },
        notes,
      );
    }
    case 'renameService':
      return renameService(text, change.from, change.to, notes);
    default:
      return pathChange(text, change, notes);
  }
}

type PathOp = Exclude<YamlChange, { op: 'addService' } | { op: 'renameService' }>;

// Walks to the collection holding the last key. A step through an alias or a merge key (`<<`)
// first copies the shared value onto this spot (a note says so) and starts again, so the anchor
// itself, which other places use, never changes.
function pathChange(text: string, change: PathOp, notes: string[]): string {
  let current = text;
  for (let attempt = 0; attempt <= change.path.length + 1; attempt++) {
    const step = walk(current, change, notes);
    if (step.done) return step.text;
    current = step.text;
  }
  throw new YamlEditError(`Could not reach ${pathText(change.path)}.`);
}

type Step = { done: boolean; text: string };

function walk(text: string, change: PathOp, notes: string[]): Step {
  const doc = mustParse(text);
  const ctx = new Splice(text, doc);
  const path = change.path;
  const parentLength = change.op === 'append' ? path.length : path.length - 1;
  if (path.length === 0) throw new YamlEditError('A change needs a path.');

  let node: unknown = doc.contents;
  if (node === null || (isScalar(node) && node.value === null)) {
    if (change.op === 'remove' || change.op === 'rename')
      throw new YamlEditError(`${pathText(path)} is not in the file.`);
    return { done: true, text: ctx.addTopLevel(String(path[0]), nested(change, 1)) };
  }
  for (let i = 0; i < parentLength; i++) {
    const key = path[i] as string | number;
    const here = path.slice(0, i + 1);
    if (isMap(node)) {
      const pair = ownPair(node, key);
      if (pair) {
        if (isAlias(pair.value)) {
          notes.push(sharedNote(here, pair.value.source));
          return { done: false, text: ctx.replacePairValue(pair, resolved(doc, pair.value)) };
        }
        if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
          if (change.op === 'remove' || change.op === 'rename')
            throw new YamlEditError(`${pathText(path)} is not in the file.`);
          return { done: true, text: ctx.replacePairValue(pair, nested(change, i + 1)) };
        }
        node = pair.value;
        continue;
      }
      const merged = mergedPair(doc, node, key);
      if (merged) {
        notes.push(sharedNote(here, merged.anchor));
        return { done: false, text: ctx.addPair(node, String(key), plain(doc, merged.value)) };
      }
      if (change.op === 'remove' || change.op === 'rename')
        throw new YamlEditError(`${pathText(path)} is not in the file.`);
      return { done: true, text: ctx.addPair(node, String(key), nested(change, i + 1)) };
    }
    if (isSeq(node)) {
      if (typeof key !== 'number' || key < 0 || key >= node.items.length)
        throw new YamlEditError(`${pathText(here)}: the list has no item ${String(key)}.`);
      const item = node.items[key];
      if (isAlias(item)) {
        notes.push(sharedNote(here, item.source));
        return { done: false, text: ctx.replaceItem(node, key, resolved(doc, item)) };
      }
      node = item;
      continue;
    }
    throw new YamlEditError(
      `${pathText(path.slice(0, i))} holds a single value, not a map or list, so ${pathText(here)} cannot be set.`,
    );
  }

  if (change.op === 'append') {
    if (!isSeq(node))
      throw new YamlEditError(`${pathText(path)} is not a list, so nothing can be added to it.`);
    return { done: true, text: ctx.appendItem(node, change.value) };
  }

  const last = path[path.length - 1] as string | number;
  if (isMap(node)) {
    const pair = ownPair(node, last);
    if (change.op === 'set') {
      if (pair) return { done: true, text: ctx.replacePairValue(pair, change.value) };
      const merged = mergedPair(doc, node, last);
      if (merged) notes.push(overrideNote(path, merged.anchor));
      return { done: true, text: ctx.addPair(node, String(last), change.value) };
    }
    if (!pair) {
      const merged = mergedPair(doc, node, last);
      if (merged)
        throw new YamlEditError(
          `${pathText(path)} comes from the anchor &${merged.anchor} (through <<), which other places use; remove it there, or set another value here.`,
        );
      throw new YamlEditError(`${pathText(path)} is not in the file.`);
    }
    if (change.op === 'rename') {
      if (ownPair(node, change.to))
        throw new YamlEditError(`${pathText(path.slice(0, -1))} already has a key "${change.to}".`);
      return { done: true, text: ctx.renameKey(pair, change.to) };
    }
    // A collection left empty would become `key:` (null), which compose refuses: it goes too.
    if (node.items.length === 1 && path.length > 1 && !isFlowEmptyAllowed(path))
      return walk(text, { op: 'remove', path: path.slice(0, -1) }, notes);
    return { done: true, text: ctx.removePair(node, pair) };
  }
  if (isSeq(node)) {
    if (typeof last !== 'number' || last < 0 || last >= node.items.length)
      throw new YamlEditError(`${pathText(path)}: the list has no such item.`);
    if (change.op === 'set') return { done: true, text: ctx.replaceItem(node, last, change.value) };
    if (change.op === 'rename') throw new YamlEditError(`${pathText(path)} is a list item.`);
    if (node.items.length === 1 && path.length > 1)
      return walk(text, { op: 'remove', path: path.slice(0, -1) }, notes);
    return { done: true, text: ctx.removeItem(node, last) };
  }
  throw new YamlEditError(`${pathText(path.slice(0, -1))} is not a map or a list.`);
}

// The top-level sections stay even when their last entry goes (`services:` empty is a fresh file).
function isFlowEmptyAllowed(path: YamlPath): boolean {
  return path.length === 2 && path[0] === 'services';
}

function renameService(text: string, from: string, to: string, notes: string[]): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(to))
    throw new YamlEditError(
      `"${to}" is not a valid service name: use letters, digits, "_", "." or "-", starting with a letter or digit.`,
    );
  let out = pathChange(text, { op: 'rename', path: ['services', from], to }, notes);
  // References in other services: each splice re-parses, as offsets move.
  for (;;) {
    const doc = mustParse(out);
    const services = doc.get('services', true);
    if (!isMap(services)) return out;
    const ctx = new Splice(out, doc);
    let next: string | null = null;
    for (const svc of services.items) {
      if (!isMap(svc.value)) continue;
      next = renameReference(ctx, svc.value, from, to);
      if (next !== null) break;
    }
    if (next === null) return out;
    out = next;
  }
}

// One reference to `from` in a service, rewritten; null when there is none left.
function renameReference(ctx: Splice, svc: YAMLMap, from: string, to: string): string | null {
  const dependsOn = ownPair(svc, 'depends_on')?.value;
  if (isMap(dependsOn)) {
    const p = ownPair(dependsOn, from);
    if (p) return ctx.renameKey(p, to);
  }
  for (const key of ['depends_on', 'links', 'volumes_from']) {
    const list = ownPair(svc, key)?.value;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isScalar(item) || typeof item.value !== 'string') continue;
      const v = item.value;
      if (v === from) return ctx.replaceScalar(item, to);
      if (key === 'links' && v.startsWith(`${from}:`))
        return ctx.replaceScalar(item, `${to}${v.slice(from.length)}`);
      if (key === 'volumes_from' && v.startsWith(`${from}:`))
        return ctx.replaceScalar(item, `${to}${v.slice(from.length)}`);
    }
  }
  const mode = ownPair(svc, 'network_mode')?.value;
  if (isScalar(mode) && mode.value === `service:${from}`)
    return ctx.replaceScalar(mode, `service:${to}`);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Text splicing at node ranges.

class Splice {
  readonly eol: string;
  readonly step: number;
  readonly seqIndented: boolean;

  constructor(
    readonly text: string,
    readonly doc: ParsedDoc,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const style = detectStyle(text, doc);
    this.step = style.step;
    this.seqIndented = style.seqIndented;
  }

  replaceScalar(node: Scalar, value: unknown): string {
    const [start, end] = range(node);
    // The user's quotes stay; those an empty string needed go once it has a value.
    const keepType =
      typeof value === 'string' &&
      node.value !== '' &&
      (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')
        ? node.type
        : null;
    let rendered: string;
    if (keepType) {
      const s = new Scalar(value);
      s.type = keepType;
      rendered = this.inline(s);
    } else rendered = this.inline(value);
    return splice(this.text, start, end, rendered);
  }

  /** A new value for a key, keeping the comment beside the key. */
  replacePairValue(pair: Pair, value: unknown): string {
    const old = pair.value as YamlNode | null;
    const keyNode = pair.key as YamlNode;
    const keyCol = columnOf(this.text, range(keyNode)[0]);
    const colon = colonAfter(this.text, range(keyNode)[1]);
    const block = needsBlock(value);
    if (old && isScalar(old) && !block && !isAlias(old) && old.value !== null)
      return this.replaceScalar(old, value);
    if (!old || (isScalar(old) && old.value === null)) {
      // `key:` with nothing after it (or `key: ~`).
      const end = old && isScalar(old) && old.range ? old.range[1] : colon;
      const ins = block
        ? this.eol + this.block(value, this.childCol(keyCol, value), false)
        : ' ' + this.inline(value);
      return splice(this.text, colon, Math.max(colon, end), ins);
    }
    const [vStart, vEnd] = range(old);
    const oldIsBlock = isCollection(old) && !old.flow;
    if (oldIsBlock && block) {
      // Whole lines of the old block go; the key line (and its comment) stays.
      const start = lineStart(this.text, vStart);
      const end = this.text[vEnd - 1] === '\n' ? vEnd : lineEndWithBreak(this.text, vEnd);
      return splice(this.text, start, end, this.block(value, this.childCol(keyCol, value), true));
    }
    if (block) {
      // A scalar or flow value becomes a block: its comment moves beside the key.
      const comment = trailingComment(this.text, vEnd);
      const lineEnd = lineEndOf(this.text, vEnd);
      return splice(
        this.text,
        colon,
        lineEnd,
        (comment ? ' ' + comment : '') +
          this.eol +
          this.block(value, this.childCol(keyCol, value), false),
      );
    }
    const endsLine = this.text[vEnd - 1] === '\n';
    return splice(
      this.text,
      oldIsBlock ? colon : vStart,
      vEnd,
      (oldIsBlock ? ' ' : '') + this.inline(value) + (endsLine ? this.eol : ''),
    );
  }

  addPair(map: YAMLMap, key: string, value: unknown): string {
    const keyText = this.inline(key);
    if (map.flow || map.items.length === 0) {
      const [start, end] = range(map);
      const entry = `${keyText}: ${this.inline(value, true)}`;
      if (map.items.length === 0) {
        const open = this.text.indexOf('{', start);
        const close = this.text.lastIndexOf('}', end);
        if (open < 0 || close < open) throw new YamlEditError('An empty map is not `{}`.');
        return splice(this.text, open + 1, close, entry);
      }
      const lastEnd = pairEnd(map.items[map.items.length - 1] as Pair);
      return splice(this.text, lastEnd, lastEnd, `, ${entry}`);
    }
    const first = map.items[0] as Pair;
    const col = columnOf(this.text, range(first.key as YamlNode)[0]);
    const last = map.items[map.items.length - 1] as Pair;
    const at = afterLine(this.text, pairEnd(last));
    const lastStart = commentsAbove(
      this.text,
      lineStart(this.text, range(last.key as YamlNode)[0]),
    );
    const gap = map.items.length > 1 && blankBefore(this.text, lastStart) ? this.eol : '';
    const lead = at.needsBreak ? this.eol : '';
    return splice(this.text, at.offset, at.offset, lead + gap + this.entry(col, keyText, value));
  }

  addTopLevel(key: string, value: unknown): string {
    const t = this.text;
    const lead = t.length === 0 || t.endsWith('\n') ? '' : this.eol;
    return t + lead + this.entry(0, this.inline(key), value);
  }

  removePair(map: YAMLMap, pair: Pair): string {
    if (map.flow) return this.removeFlowEntry(map.items as Pair[], map.items.indexOf(pair));
    const keyStart = range(pair.key as YamlNode)[0];
    const start = commentsAbove(this.text, lineStart(this.text, keyStart));
    const end = lineEndWithBreak(this.text, pairEnd(pair));
    return splice(this.text, start, end, '');
  }

  renameKey(pair: Pair, to: string): string {
    const key = pair.key as YamlNode;
    if (isScalar(key)) return this.replaceScalar(key, to);
    const [start, end] = range(key);
    return splice(this.text, start, end, this.inline(to));
  }

  appendItem(seq: YAMLSeq, value: unknown): string {
    if (seq.flow || seq.items.length === 0) {
      const [start] = range(seq);
      if (seq.items.length === 0) {
        const open = this.text.indexOf('[', start);
        return splice(this.text, open + 1, open + 1, this.inline(value, true));
      }
      const lastEnd = range(seq.items[seq.items.length - 1] as YamlNode)[1];
      return splice(this.text, lastEnd, lastEnd, `, ${this.inline(value, true)}`);
    }
    const first = seq.items[0] as YamlNode;
    const dash = dashBefore(this.text, range(first)[0]);
    const col = columnOf(this.text, dash);
    const last = seq.items[seq.items.length - 1] as YamlNode;
    const at = afterLine(this.text, nodeEnd(last));
    const lead = at.needsBreak ? this.eol : '';
    return splice(this.text, at.offset, at.offset, lead + this.item(col, value));
  }

  replaceItem(seq: YAMLSeq, index: number, value: unknown): string {
    const node = seq.items[index] as YamlNode;
    if (isScalar(node) && !needsBlock(value)) return this.replaceScalar(node, value);
    const [start, end] = range(node);
    if (seq.flow) return splice(this.text, start, end, this.inline(value, true));
    const dash = dashBefore(this.text, start);
    const col = columnOf(this.text, dash);
    const lineEnd = this.text[end - 1] === '\n' ? end : lineEndWithBreak(this.text, end);
    return splice(this.text, lineStart(this.text, dash), lineEnd, this.item(col, value));
  }

  removeItem(seq: YAMLSeq, index: number): string {
    if (seq.flow) return this.removeFlowEntry(seq.items as YamlNode[], index);
    const node = seq.items[index] as YamlNode;
    const dash = dashBefore(this.text, range(node)[0]);
    const start = commentsAbove(this.text, lineStart(this.text, dash));
    const end = lineEndWithBreak(this.text, nodeEnd(node));
    return splice(this.text, start, end, '');
  }

  // A flow entry and the comma that joins it to its neighbour.
  removeFlowEntry(items: (Pair | YamlNode)[], index: number): string {
    const startOf = (x: Pair | YamlNode) =>
      'key' in x ? range(x.key as YamlNode)[0] : range(x)[0];
    const endOf = (x: Pair | YamlNode) => ('key' in x ? pairEnd(x) : range(x)[1]);
    const item = items[index] as Pair | YamlNode;
    const next = items[index + 1];
    if (next) return splice(this.text, startOf(item), startOf(next), '');
    const prev = items[index - 1];
    if (prev) return splice(this.text, endOf(prev), endOf(item), '');
    return splice(this.text, startOf(item), endOf(item), '');
  }

  /** Where the lines of a block value under a key at `keyCol` start. */
  childCol(keyCol: number, value: unknown): number {
    return Array.isArray(value) && !this.seqIndented ? keyCol : keyCol + this.step;
  }

  /** `key: value` at `col` as whole lines (with the final line break). */
  entry(col: number, keyText: string, value: unknown): string {
    const pad = ' '.repeat(col);
    if (needsBlock(value))
      return `${pad}${keyText}:${this.eol}${this.block(value, this.childCol(col, value), true)}`;
    return `${pad}${keyText}: ${this.inline(value)}${this.eol}`;
  }

  /** `- value` at `col` as whole lines. */
  item(col: number, value: unknown): string {
    const pad = ' '.repeat(col);
    if (!needsBlock(value)) return `${pad}- ${this.inline(value)}${this.eol}`;
    const body = this.block(value, col + 2, true);
    return `${pad}- ${body.slice(col + 2)}`;
  }

  /** `value` printed as block lines indented by `col`, each ending with a line break (the last
   *  one only when `finalBreak`). */
  block(value: unknown, col: number, finalBreak: boolean): string {
    const doc = new Document(yaml11Safe(value));
    const out = doc.toString({
      indent: this.step,
      indentSeq: this.seqIndented,
      lineWidth: 0,
      flowCollectionPadding: false,
    });
    const lines = out.replace(/\n$/, '').split('\n');
    const pad = ' '.repeat(col);
    const body = lines.map((l) => (l ? pad + l : l)).join(this.eol);
    return finalBreak ? body + this.eol : body;
  }

  /** `value` on one line (collections in flow style). */
  inline(value: unknown, inFlow = false): string {
    const doc = new Document(yaml11Safe(value));
    const out = doc
      .toString({ collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false })
      .replace(/\n$/, '');
    if (inFlow && isScalarLike(value) && /[,[\]{}]/.test(out) && !/^["']/.test(out))
      return JSON.stringify(String(value));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading helpers.

function mustParse(text: string): ParsedDoc {
  const { doc, error } = parseCompose(text);
  if (!doc) throw new YamlEditError(`${error} Fix it in the text first.`);
  return doc;
}

/** The map's own pair for `key` (not one brought in by `<<`). */
export function ownPair(map: YAMLMap, key: string | number): Pair | undefined {
  return (map.items as Pair[]).find(
    (p) => !isMergeKey(p) && isScalar(p.key) && String(p.key.value) === String(key),
  );
}

export function isMergeKey(p: Pair): boolean {
  return isScalar(p.key) && (typeof p.key.value === 'symbol' || p.key.source === '<<');
}

/** A value `key` gets through a merge key (`<<: *anchor`), with the anchor's name. */
export function mergedPair(
  doc: ParsedDoc,
  map: YAMLMap,
  key: string | number,
): { value: unknown; anchor: string } | null {
  for (const p of map.items as Pair[]) {
    if (!isMergeKey(p)) continue;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    for (const s of sources) {
      if (!isAlias(s)) continue;
      const target = s.resolve(doc);
      if (!isMap(target)) continue;
      const found = ownPair(target, key) ?? null;
      if (found) return { value: found.value, anchor: s.source };
      const deeper = mergedPair(doc, target, key);
      if (deeper) return { value: deeper.value, anchor: s.source };
    }
  }
  return null;
}

function resolved(doc: ParsedDoc, alias: unknown): unknown {
  if (!isAlias(alias)) return alias;
  return plain(doc, alias.resolve(doc));
}

function plain(doc: ParsedDoc, node: unknown): unknown {
  if (isAlias(node)) return resolved(doc, node);
  if (node && typeof node === 'object' && 'toJS' in node)
    return (node as YamlNode).toJS(doc, { maxAliasCount: 1000 });
  return node;
}

// The value to write for the first missing key: the rest of the path as nested maps.
function nested(change: PathOp, from: number): unknown {
  let value: unknown =
    change.op === 'append' ? [change.value] : (change as { value?: unknown }).value;
  for (let i = change.path.length - 1; i >= from; i--) value = { [String(change.path[i])]: value };
  return value;
}

function needsBlock(value: unknown): boolean {
  if (value instanceof Scalar) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return false;
}

function isScalarLike(value: unknown): boolean {
  return value instanceof Scalar || value === null || typeof value !== 'object';
}

// Strings a YAML 1.1 reader (docker-compose 1.x, PyYAML) would read as something else are
// quoted: 8080:80 is a base-60 number there, and no/yes/on/off are booleans (`restart: no`).
function yaml11Safe(value: unknown): unknown {
  if (typeof value === 'string' && needsQuotesIn11(value)) return quoted(value);
  if (Array.isArray(value)) return value.map(yaml11Safe);
  if (value && typeof value === 'object' && !(value instanceof Scalar))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, yaml11Safe(v)]));
  return value;
}

function needsQuotesIn11(s: string): boolean {
  return (
    (/^[\d:.]+$/.test(s) && s.includes(':')) ||
    /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s)
  );
}

// The file's indentation step and whether `- ` items are indented under their key.
function detectStyle(text: string, doc: ParsedDoc): { step: number; seqIndented: boolean } {
  let step = 0;
  let seqIndented: boolean | null = null;
  const visitNode = (node: unknown, depth: number): void => {
    if (depth > 8) return;
    if (isMap(node) && !node.flow) {
      for (const p of node.items as Pair[]) {
        if (!p.key || !isScalar(p.key) || !p.key.range) continue;
        const v = p.value;
        if (isMap(v) && !v.flow && v.items.length) {
          const col = columnOf(text, range((v.items[0] as Pair).key as YamlNode)[0]);
          const keyCol = columnOf(text, p.key.range[0]);
          if (!step && col > keyCol) step = col - keyCol;
          visitNode(v, depth + 1);
        } else if (isSeq(v) && !v.flow && v.items.length && seqIndented === null) {
          const dash = dashBefore(text, range(v.items[0] as YamlNode)[0]);
          seqIndented = columnOf(text, dash) > columnOf(text, p.key.range[0]);
        }
      }
    }
  };
  visitNode(doc.contents, 0);
  return { step: step || 2, seqIndented: seqIndented ?? true };
}

function range(node: YamlNode): [number, number, number] {
  const r = node.range;
  if (!r) throw new YamlEditError('A node has no place in the text.');
  return r;
}

function nodeEnd(node: YamlNode): number {
  return range(node)[2];
}

function pairEnd(pair: Pair): number {
  const v = pair.value as YamlNode | null;
  if (v && v.range) return v.range[2];
  const k = pair.key as YamlNode;
  return range(k)[2];
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  const end = n < 0 ? text.length : n;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

// The end of the line holding `offset`, past its line break.
function lineEndWithBreak(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n + 1;
}

// Where to insert whole lines after the node ending at `offset`.
function afterLine(text: string, offset: number): { offset: number; needsBreak: boolean } {
  const at = lineEndWithBreak(text, offset);
  return { offset: at, needsBreak: at === text.length && !text.endsWith('\n') };
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function colonAfter(text: string, keyEnd: number): number {
  const i = text.indexOf(':', keyEnd);
  if (i < 0) throw new YamlEditError('A key has no colon.');
  return i + 1;
}

function dashBefore(text: string, itemStart: number): number {
  let i = itemStart - 1;
  while (i >= 0 && text[i] !== '-') i--;
  return Math.max(i, 0);
}

// Comment lines directly above (no blank line between) belong to what follows them.
function commentsAbove(text: string, start: number): number {
  let at = start;
  const col = indentOfLine(text, start);
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const line = text.slice(prev, at).replace(/\r?\n$/, '');
    if (!/^\s*#/.test(line) || indentOfLine(text, prev) !== col) break;
    at = prev;
  }
  return at;
}

function blankBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  const prev = lineStart(text, start - 1);
  return text.slice(prev, start).trim() === '';
}

function indentOfLine(text: string, start: number): number {
  let i = start;
  while (text[i] === ' ') i++;
  return i - start;
}

function trailingComment(text: string, from: number): string | null {
  const rest = text.slice(from, lineEndOf(text, from));
  const m = /^\s*(#.*)$/.exec(rest);
  return m ? (m[1] ?? null) : null;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function pathText(path: YamlPath): string {
  return path.map(String).join('.') || 'the file';
}

function sharedNote(path: YamlPath, anchor: string): string {
  return `${pathText(path)} came from the anchor &${anchor}, which other places use: a copy was written on ${pathText(path.slice(0, 2))} and changed there, so the anchor stays as it was.`;
}

function overrideNote(path: YamlPath, anchor: string): string {
  return `${pathText(path)} came from the anchor &${anchor} (through <<): the new value was written on ${pathText(path.slice(0, -1))}, which overrides it there only.`;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
