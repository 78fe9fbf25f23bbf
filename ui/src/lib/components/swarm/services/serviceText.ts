// What the services list and the tasks table say about a service or a task, in words: replicas
// as "2/3" with how healthy that is, published ports as the CLI prints them, a task's slot
// history in order, and ages. Pure, so the wording is tested apart from the components.
import type { ServicePort, ServiceRow, TaskRow } from './api';
import { ago } from '$lib/time';

/** How a service's running count compares with what it asked for. */
export type ReplicaHealth = 'full' | 'short' | 'none' | 'idle';

/** "2/3" for a replicated service; a global one runs one task per node, so only its running
 *  count is known until the nodes are counted: "2 (global)". */
export function replicasText(s: Pick<ServiceRow, 'mode' | 'desired' | 'running'>): string {
  if (s.mode === 'global')
    return s.desired == null ? `${s.running} (global)` : `${s.running}/${s.desired} (global)`;
  return `${s.running}/${s.desired ?? 0}`;
}

export function replicaHealth(s: Pick<ServiceRow, 'desired' | 'running'>): ReplicaHealth {
  const desired = s.desired;
  if (desired === 0) return 'idle';
  if (desired == null) return s.running > 0 ? 'full' : 'none';
  if (s.running >= desired) return 'full';
  return s.running === 0 ? 'none' : 'short';
}

/** One published port as `docker service ls` prints it, with its mode: "8080→80/tcp (ingress)";
 *  a port the engine picks is shown as "*". */
export function portText(p: ServicePort): string {
  return `${p.published ?? '*'}→${p.target}/${p.protocol || 'tcp'} (${p.mode})`;
}

export function portsText(ports: ServicePort[]): string {
  return ports.map(portText).join(', ');
}

/** Milliseconds since the epoch of an engine time (RFC 3339 text or milliseconds). */
export function toMs(t: string | number | null | undefined): number | null {
  if (t == null || t === '') return null;
  if (typeof t === 'number') return t;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : ms;
}

export function age(t: string | number | null | undefined, now = Date.now()): string {
  return ago(toMs(t), now);
}

/** One slot of a replicated service (or one node of a global one): the task now in it and the
 *  ones it replaced, newest first. */
export interface SlotGroup {
  key: string;
  /** "slot 2", or the node's name for a global service's tasks (they have no slot). */
  label: string;
  current: TaskRow;
  history: TaskRow[];
}

/** Groups tasks by slot (by node when they have none), newest task first in each group; the
 *  task in a slot is the newest one that should run, else the newest. Groups in slot order. */
export function groupBySlot(tasks: TaskRow[]): SlotGroup[] {
  const groups = new Map<string, TaskRow[]>();
  for (const t of tasks) {
    const key = t.slot != null ? `slot-${t.slot}` : `node-${t.nodeId}`;
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  const out: SlotGroup[] = [];
  for (const [key, list] of groups) {
    list.sort((a, b) => (toMs(b.createdAt) ?? 0) - (toMs(a.createdAt) ?? 0));
    const live = list.find((t) => t.desiredState === 'running') ?? list[0];
    const first = list[0];
    out.push({
      key,
      label: first.slot != null ? `slot ${first.slot}` : first.node || first.nodeId,
      current: live,
      history: list.filter((t) => t !== live),
    });
  }
  out.sort((a, b) => {
    const sa = a.current.slot ?? Number.MAX_SAFE_INTEGER;
    const sb = b.current.slot ?? Number.MAX_SAFE_INTEGER;
    return sa - sb || a.label.localeCompare(b.label);
  });
  return out;
}

/** Tasks that run now (state running), for "2 running" counts. */
export function runningTasks(tasks: TaskRow[]): number {
  return tasks.filter((t) => t.state === 'running').length;
}

/** What a task state means, for its title: the engine's words are terse. */
export function taskStateHint(state: string): string {
  switch (state) {
    case 'new':
    case 'pending':
    case 'assigned':
    case 'accepted':
    case 'ready':
    case 'preparing':
    case 'starting':
      return 'On its way: the scheduler placed it and the node is setting it up.';
    case 'running':
      return 'Its container runs.';
    case 'complete':
      return 'Its container ended on its own with code 0.';
    case 'shutdown':
      return 'Stopped on purpose: replaced by an update, scaled away or removed.';
    case 'failed':
      return 'Its container ended with an error; the service starts a new task in its place.';
    case 'rejected':
      return 'The node could not start it (for example the image is missing).';
    case 'orphaned':
      return 'Its node has been unreachable for too long.';
    case 'remove':
      return 'Being removed with its service.';
    default:
      return '';
  }
}
