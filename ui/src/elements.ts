// What a node or an edge of the API becomes on the canvas: its data fields
// (label, display text, colour, dates) and the edge's label. Pure, so that
// node's test runner checks it without a browser (tests/unit).

import type { GEdge, GNode } from './api';
import { nodeColor } from './styles';
import { truncate } from './util';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function nodeData(n: GNode): Record<string, unknown> {
  const p = n.properties ?? {};
  const kind = str(p.kind);
  const stance = str(p.stance);
  const start = str(p.startDate);
  const end = str(p.endDate);
  let display = truncate(n.label || n.id, 48);
  if (n.type === 'EVENT' && start) display += `\n${start.slice(0, 10)}`;
  return { id: n.id, type: n.type, label: n.label || n.id, display, kind, stance, start, end, props: p, color: nodeColor(n.type, kind, stance) };
}

/** An edge's label: its type and role; a declined participation says so first. */
export function edgeLabel(e: GEdge): string {
  const p = e.properties ?? {};
  const kind = str(p.kind);
  const role = str(p.role);
  const t = e.type.replace(/_/g, ' ').toLowerCase();
  if (e.type === 'PARTICIPATED_IN') {
    if (kind === 'DECLINED') return role ? `declined: ${truncate(role, 30)}` : 'declined';
    const k = kind && kind !== 'PARTICIPANT' ? ` (${kind.toLowerCase()})` : '';
    return `${t}${k}${role ? `: ${truncate(role, 30)}` : ''}`;
  }
  return role ? `${t}: ${truncate(role, 30)}` : t;
}

// Edge ids get a prefix so they can never collide with a node id. A fact
// cited several times by one source (one CITED_IN per quote) is drawn as one
// edge carrying all the quotes: a fan of dotted lines says nothing more.
export function edgeKey(e: GEdge): string {
  return e.type === 'CITED_IN' ? `c:${e.source}>${e.target}` : `e:${e.id}`;
}

export function edgeData(e: GEdge): Record<string, unknown> {
  const p = e.properties ?? {};
  const quotes = e.type === 'CITED_IN' && str(p.quote) ? [p.quote] : [];
  return { id: edgeKey(e), eid: e.id, eids: [e.id], source: e.source, target: e.target, type: e.type, pkind: str(p.kind), role: str(p.role), display: e.type === 'CITED_IN' ? '' : edgeLabel(e), props: p, quotes };
}
