// Where the network map draws each network, container and line (boxes are HTML laid over an
// SVG of the lines, at these positions). Hand-written rather than a
// graph-layout library: the picture is always two columns (networks left, the containers on
// them right, one line per attachment landing on the text line that gives the address on that
// network), so a general graph layout (force or layered) would only make it move between
// refreshes and cost a dependency. This is deterministic: the same map gives the same picture.
import type { MapContainer, MapNetwork, Member, NetworkKind, Topology } from '$lib/ipc/client';

export const NET_X = 8;
export const NET_W = 200;
export const NET_H = 66;
export const CON_X = NET_X + NET_W + 72;
export const CON_W = 300;
export const WIDTH = CON_X + CON_W + 8;
export const HEAD = 22;
export const LINE = 16;
const GAP = 10;
const PAD = 6;

export interface NetBox {
  net: MapNetwork;
  y: number;
  collapsed: boolean;
  /** Members drawn (the filter may hide some). */
  shown: number;
}

export interface ConLine {
  /** What the line says, and the network it is about (for the line's edge), if any. */
  text: string;
  network: string | null;
}

export interface ConBox {
  c: MapContainer;
  y: number;
  h: number;
  lines: ConLine[];
}

export interface Edge {
  network: string;
  container: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Layout {
  width: number;
  height: number;
  networks: NetBox[];
  containers: ConBox[];
  edges: Edge[];
}

const ORDER: Record<NetworkKind, number> = { userDefined: 0, defaultBridge: 1, host: 2, none: 3 };

/** `ip · aliases` for a member, as its line on the container's box says it. */
export function memberText(m: Member): string {
  const parts = [m.ipv4 ?? 'no address (stopped)'];
  if (m.aliases.length) parts.push(`alias ${m.aliases.join(', ')}`);
  return parts.join(' · ');
}

function portsText(c: MapContainer): string | null {
  const published = c.ports.filter((p) => p.hostPort != null);
  if (!published.length) return null;
  return (
    'ports ' + published.map((p) => `${p.hostPort}→${p.containerPort}/${p.protocol}`).join(', ')
  );
}

function matches(text: string, filter: string): boolean {
  return text.toLowerCase().includes(filter);
}

/** The picture for `t`, with `collapsed` networks drawn without their containers and only
 *  what `filter` matches (a container's name or image, or a network's name) shown. */
export function layout(t: Topology, collapsed: Record<string, boolean>, filter = ''): Layout {
  const f = filter.trim().toLowerCase();
  const byId = new Map(t.containers.map((c) => [c.id, c]));
  const nets = [...t.networks].sort(
    (a, b) => ORDER[a.kind] - ORDER[b.kind] || a.name.localeCompare(b.name),
  );
  const visibleMembers = (n: MapNetwork): Member[] => {
    if (!f || matches(n.name, f)) return n.members;
    return n.members.filter((m) => {
      const c = byId.get(m.containerId);
      return matches(m.containerName, f) || (!!c && matches(c.image, f));
    });
  };
  const shownNets = nets
    .map((net) => ({ net, members: visibleMembers(net) }))
    .filter(({ net, members }) => !f || members.length > 0 || matches(net.name, f));

  // Each container sits beside the first expanded network it is on, so lines stay short.
  const placedIn = new Map<string, string>();
  for (const { net, members } of shownNets) {
    if (collapsed[net.name]) continue;
    for (const m of members)
      if (!placedIn.has(m.containerId)) placedIn.set(m.containerId, net.name);
  }
  const membership = new Map<string, Member[]>();
  for (const net of t.networks)
    for (const m of net.members) {
      const list = membership.get(m.containerId) ?? [];
      list.push(m);
      membership.set(m.containerId, list);
    }
  const netOf = new Map<Member, string>();
  for (const net of t.networks) for (const m of net.members) netOf.set(m, net.name);

  const boxes: ConBox[] = [];
  const netBoxes: NetBox[] = [];
  let conY = 8;
  let netY = 8;
  const linesOf = (c: MapContainer): ConLine[] => {
    const lines: ConLine[] = (membership.get(c.id) ?? []).map((m) => ({
      // The address first: it is what a narrow box must not cut.
      text: `${memberText(m)} · on ${netOf.get(m)}`,
      network: netOf.get(m) ?? null,
    }));
    if (!lines.length) lines.push({ text: `network: ${c.networkMode || 'none'}`, network: null });
    const ports = portsText(c);
    if (ports) lines.push({ text: ports, network: null });
    if (c.links.length)
      lines.push({
        text: 'links ' + c.links.map((l) => `${l.target} as ${l.alias}`).join(', '),
        network: null,
      });
    return lines;
  };
  const place = (c: MapContainer) => {
    const lines = linesOf(c);
    const h = HEAD + lines.length * LINE + PAD;
    boxes.push({ c, y: conY, h, lines });
    conY += h + GAP;
  };
  for (const { net, members } of shownNets) {
    const mine = members
      .map((m) => byId.get(m.containerId))
      .filter((c): c is MapContainer => !!c && placedIn.get(c.id) === net.name);
    const first = conY;
    for (const c of mine) place(c);
    const centre = mine.length ? (first + conY - GAP) / 2 : netY + NET_H / 2;
    const y = Math.max(netY, centre - NET_H / 2);
    netBoxes.push({ net, y, collapsed: !!collapsed[net.name], shown: members.length });
    netY = y + NET_H + GAP;
    // The next network's containers start no higher than this network's box.
    conY = Math.max(conY, y);
  }
  // Containers on no network the map shows (another container's network, or filtered nets).
  for (const c of t.containers) {
    if (placedIn.has(c.id)) continue;
    const onShown = (membership.get(c.id) ?? []).some((m) =>
      shownNets.some(({ net }) => net.name === netOf.get(m)),
    );
    if (onShown) continue;
    if (f && !matches(c.name, f) && !matches(c.image, f)) continue;
    place(c);
  }

  const netAt = new Map(netBoxes.map((n) => [n.net.name, n]));
  const edges: Edge[] = [];
  for (const b of boxes) {
    b.lines.forEach((line, i) => {
      const n = line.network ? netAt.get(line.network) : undefined;
      if (!n || n.collapsed) return;
      edges.push({
        network: n.net.name,
        container: b.c.id,
        x1: NET_X + NET_W,
        y1: n.y + NET_H / 2,
        x2: CON_X,
        y2: b.y + HEAD + i * LINE + LINE / 2 - 2,
      });
    });
  }
  const height = Math.max(conY, netY, 40) + 8;
  return { width: WIDTH, height, networks: netBoxes, containers: boxes, edges };
}
