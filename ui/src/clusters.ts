// Leaves grouped into counted clusters: an actor with hundreds of events
// must not draw a star of hundreds of spokes. An expansion's new nodes that
// hang on one node only (leaves) are grouped by that node and by type; a
// group larger than the threshold becomes one cluster node ("184 events")
// linked to its parent, which opens a page at a time on click. Pure, so the
// grouping is tested in node (tests/unit); graphview.ts draws the result.

import type { GEdge, GNode, NodeType, Subgraph } from './api';

/** More leaves of one type on one node than this and they are clustered. */
export const CLUSTER_OVER = 12;
/** How many members one click on a cluster draws. */
export const OPEN_PAGE = 20;

export interface Cluster {
  /** `cluster:<parent>:<type>`: never a node id (ids have no colon-prefixed form like this). */
  id: string;
  parent: string;
  type: NodeType;
  /** Most active first (see byActivity). */
  members: GNode[];
  /** The edges between the parent and the members. */
  edges: GEdge[];
}

export function clusterId(parent: string, type: string): string {
  return `cluster:${parent}:${type}`;
}

export function isClusterId(id: string): boolean {
  return id.startsWith('cluster:');
}

const NOUN: Record<string, [string, string]> = {
  ACTOR: ['actor', 'actors'],
  EVENT: ['event', 'events'],
  LOCATION: ['place', 'places'],
  TOPIC: ['topic', 'topics'],
  POSITION: ['position', 'positions'],
  FORECAST: ['forecast', 'forecasts'],
  SOURCE: ['source', 'sources'],
};

/** "184 events", "1 place". */
export function clusterLabel(type: string, n: number): string {
  const [one, many] = NOUN[type] ?? ['node', 'nodes'];
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * The order members are drawn in when a cluster opens: the most connected
 * in the answer first (an event with many participants says more than one
 * with one), then the newest, then by label.
 */
export function byActivity(degree: Map<string, number>): (a: GNode, b: GNode) => number {
  const date = (n: GNode) => String(n.properties?.startDate ?? n.properties?.publishedAt ?? '');
  return (a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || date(b).localeCompare(date(a)) || a.label.localeCompare(b.label);
}

export interface Grouped {
  /** What to draw as it is. */
  drawn: Subgraph;
  clusters: Cluster[];
}

/**
 * Splits a subgraph about to be added into what is drawn and what is
 * clustered. `shown` says which ids are on the canvas already (they are
 * never clustered, and count as neighbours); `keep` ids are never clustered
 * either (the expanded node, a path's ends). A leaf is a new node whose
 * edges in the answer all go to one other node.
 */
export function groupLeaves(sg: Subgraph, shown: (id: string) => boolean, keep: Set<string> = new Set(), over = CLUSTER_OVER): Grouped {
  const nbrs = new Map<string, Set<string>>();
  const degree = new Map<string, number>();
  const link = (a: string, b: string) => {
    if (!nbrs.has(a)) nbrs.set(a, new Set());
    nbrs.get(a)!.add(b);
    degree.set(a, (degree.get(a) ?? 0) + 1);
  };
  for (const e of sg.edges) {
    if (e.source === e.target) continue;
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const groups = new Map<string, { parent: string; type: NodeType; members: GNode[] }>();
  for (const n of sg.nodes) {
    if (shown(n.id) || keep.has(n.id)) continue;
    const ns = nbrs.get(n.id);
    if (!ns || ns.size !== 1) continue;
    const parent = [...ns][0];
    const key = clusterId(parent, n.type);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { parent, type: n.type, members: [] }));
    g.members.push(n);
  }
  const clustered = new Map<string, string>();
  const clusters: Cluster[] = [];
  for (const [id, g] of groups) {
    if (g.members.length <= over) continue;
    const c: Cluster = { id, parent: g.parent, type: g.type, members: g.members.sort(byActivity(degree)), edges: [] };
    for (const m of g.members) clustered.set(m.id, id);
    clusters.push(c);
  }
  const byId = new Map(clusters.map((c) => [c.id, c]));
  const edges: GEdge[] = [];
  for (const e of sg.edges) {
    const c = clustered.get(e.source) ?? clustered.get(e.target);
    if (c) byId.get(c)!.edges.push(e);
    else edges.push(e);
  }
  return { drawn: { nodes: sg.nodes.filter((n) => !clustered.has(n.id)), edges, truncated: sg.truncated }, clusters };
}

/**
 * Merges newly found members into a cluster already drawn (expanding the
 * same actor again), without duplicates, keeping the order: the old
 * members first.
 */
export function mergeCluster(old: Cluster, more: Cluster): Cluster {
  const have = new Set(old.members.map((m) => m.id));
  const edgeIds = new Set(old.edges.map((e) => e.id));
  return {
    ...old,
    members: [...old.members, ...more.members.filter((m) => !have.has(m.id))],
    edges: [...old.edges, ...more.edges.filter((e) => !edgeIds.has(e.id))],
  };
}

/** Takes the next page of members out of a cluster: what to draw, and what stays clustered (null when nothing does). */
export function openPage(c: Cluster, page = OPEN_PAGE): { drawn: Subgraph; rest: Cluster | null } {
  const take = c.members.slice(0, page);
  const ids = new Set(take.map((m) => m.id));
  const drawn = { nodes: take, edges: c.edges.filter((e) => ids.has(e.source) || ids.has(e.target)), truncated: false };
  const left = c.members.slice(page);
  if (left.length === 0) return { drawn, rest: null };
  return { drawn, rest: { ...c, members: left, edges: c.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)) } };
}

export interface Preview {
  /** New nodes by type, drawn or clustered. */
  byType: { type: NodeType; drawn: number; clustered: number }[];
  nodes: number;
  edges: number;
  clusters: number;
}

/** What adding a grouped answer would put on the canvas, for the preview before drawing it. */
export function preview(g: Grouped, shown: (id: string) => boolean): Preview {
  const t = new Map<NodeType, { type: NodeType; drawn: number; clustered: number }>();
  const row = (type: NodeType) => {
    let r = t.get(type);
    if (!r) t.set(type, (r = { type, drawn: 0, clustered: 0 }));
    return r;
  };
  let nodes = 0;
  for (const n of g.drawn.nodes) {
    if (shown(n.id)) continue;
    row(n.type).drawn++;
    nodes++;
  }
  for (const c of g.clusters) row(c.type).clustered += c.members.length;
  const edges = g.drawn.edges.filter((e) => !(shown(e.source) && shown(e.target))).length;
  const order: NodeType[] = ['ACTOR', 'EVENT', 'LOCATION', 'TOPIC', 'POSITION', 'FORECAST', 'SOURCE'];
  const byType = [...t.values()].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  return { byType, nodes, edges, clusters: g.clusters.length };
}

/** Keeps only the chosen types of a grouped answer (the preview's filter); the kept ids are always kept. */
export function onlyTypes(g: Grouped, types: Set<string>, keep: Set<string>, shown: (id: string) => boolean): Grouped {
  const nodes = g.drawn.nodes.filter((n) => types.has(n.type) || keep.has(n.id));
  const ids = new Set(nodes.map((n) => n.id));
  return {
    drawn: { ...g.drawn, nodes, edges: g.drawn.edges },
    clusters: g.clusters.filter((c) => types.has(c.type) && (ids.has(c.parent) || shown(c.parent))),
  };
}
