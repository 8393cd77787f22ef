// How the graph looks: a colour and shape per node type, refined by actor
// kind, PLOVER event class and position stance; edges named by type and role,
// declined participation dashed red. Colours are dark enough for white labels
// to be unnecessary: labels are dark ink on a white halo below the node.

import type { StylesheetJson } from 'cytoscape';
// The one palette file, shared with the Python client and the notebook
// (eventgraph_client.palette): a colour changed there changes both.
import palette from '../../clients/python/src/eventgraph_client/palette.json';

const EDGE = palette.edges;

export const ACTOR_KINDS: Record<string, { color: string; shape: string }> = palette.actorKinds;

// PLOVER's event types grouped the way analysts read them: cooperation,
// verbal conflict, material conflict.
export const EVENT_CLASSES: { name: string; color: string; kinds: string[] }[] = palette.eventClasses;

export function eventColor(kind: string | undefined): string {
  for (const c of EVENT_CLASSES) if (kind && c.kinds.includes(kind)) return c.color;
  return palette.fallback;
}

export const STANCES: Record<string, string> = palette.stances;

export const TYPES: Record<string, { color: string; shape: string; name: string }> = palette.types;

/** The colour a node is drawn in, also used for list dots and the timeline. */
export function nodeColor(type: string, kind?: string, stance?: string): string {
  if (type === 'ACTOR' && kind && ACTOR_KINDS[kind]) return ACTOR_KINDS[kind].color;
  if (type === 'EVENT') return eventColor(kind);
  if (type === 'POSITION' && stance && STANCES[stance]) return STANCES[stance];
  return TYPES[type]?.color ?? palette.fallback;
}

export function stylesheet(): StylesheetJson {
  const s: StylesheetJson = [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        shape: 'ellipse',
        width: 30,
        height: 30,
        label: 'data(display)',
        'font-size': 11,
        color: '#1b1f24',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        'text-outline-color': '#ffffff',
        'text-outline-width': 2.5,
        // The size and which labels are drawn follow the zoom (labels.ts,
        // GraphView.relabel): never below 10.5 px, never overlapping.
        'min-zoomed-font-size': 0,
        'border-width': 1.5,
        'border-color': '#ffffff',
      },
    },
  ];
  for (const [type, t] of Object.entries(TYPES)) {
    s.push({ selector: `node[type="${type}"]`, style: { shape: t.shape as never } });
  }
  for (const [kind, k] of Object.entries(ACTOR_KINDS)) {
    s.push({ selector: `node[type="ACTOR"][kind="${kind}"]`, style: { shape: k.shape as never } });
  }
  s.push(
    { selector: 'node[type="ACTOR"][kind="STATE"]', style: { width: 38, height: 30 } },
    { selector: 'node[type="EVENT"]', style: { width: 36, height: 36 } },
    { selector: 'node[type="POSITION"]', style: { width: 24, height: 18, 'font-size': 10 } },
    { selector: 'node[type="FORECAST"]', style: { width: 30, height: 30, 'font-size': 10 } },
    { selector: 'node[type="SOURCE"]', style: { width: 34, height: 20, 'font-size': 10 } },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'line-color': EDGE.relationship,
        'target-arrow-color': EDGE.relationship,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(display)',
        'font-size': 9,
        color: '#333b45',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        // Edge labels crowd a dense canvas: drawn once zoomed in, and always
        // for the edges of the selected nodes (.near, below).
        'min-zoomed-font-size': 11,
      },
    },
    { selector: 'edge[type="CITED_IN"]', style: { 'line-style': 'dotted', 'line-color': '#b0b7c1', 'target-arrow-color': '#b0b7c1', width: 1 } },
    {
      selector: 'edge[pkind="DECLINED"]',
      style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 4], 'line-color': EDGE.declined, 'target-arrow-color': EDGE.declined, 'target-arrow-shape': 'tee', color: '#8a1111', width: 2 },
    },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#0b57d0', 'font-weight': 'bold' } },
    { selector: 'edge:selected', style: { width: 4, 'line-color': '#0b57d0', 'target-arrow-color': '#0b57d0' } },
    { selector: 'edge.near', style: { 'min-zoomed-font-size': 0, 'font-size': 10, color: '#1b1f24', 'z-index': 5 } },
    { selector: '.faded', style: { opacity: 0.22 } },
    { selector: 'node.path', style: { 'border-width': 5, 'border-color': EDGE.path, opacity: 1 } },
    { selector: 'edge.path', style: { width: 5, 'line-color': EDGE.path, 'target-arrow-color': EDGE.path, opacity: 1, 'z-index': 10, 'min-zoomed-font-size': 0 } },
    { selector: '.time-hidden, .type-hidden, .legend-hidden', style: { display: 'none' } },
    // Semantic zoom: a node whose label would overlap a more important one's,
    // and on a dense canvas an edge away from the selection, is drawn
    // without its label until the pointer is on it.
    { selector: 'node.nolabel', style: { label: '' } },
    { selector: 'edge.quiet', style: { label: '' } },
    { selector: 'node.nolabel.hover, edge.quiet.hover', style: { label: 'data(display)', 'z-index': 20 } },
    { selector: 'node.fresh', style: { 'border-color': '#ffb300', 'border-width': 3 } },
    // A cluster of leaves ("184 events"): a round-rectangle in the members'
    // colour with a dashed border, sized a little by its count; a click opens it.
    {
      selector: 'node[type="CLUSTER"]',
      style: { shape: 'round-rectangle', width: 'data(size)', height: 'data(size)', 'border-style': 'dashed', 'border-width': 2.5, 'border-color': '#1b1f24', 'background-opacity': 0.55 },
    },
    { selector: 'edge[type="CLUSTER"]', style: { 'line-style': 'dashed', 'line-color': '#9aa3ad', 'target-arrow-shape': 'none', width: 2 } },
  );
  return s;
}

/** The legend in the side panel, built from the same tables as the styles. */
export function legendHTML(): string {
  const row = (swatch: string, text: string) => `<div class="legend-row">${swatch}<span>${text}</span></div>`;
  const sw = (c: string) => `<i style="background:${c}"></i>`;
  let h = '<h4>Actors</h4>';
  for (const [k, v] of Object.entries(ACTOR_KINDS)) h += row(sw(v.color), `${k.toLowerCase()} (${v.shape})`);
  h += '<h4>Events (diamonds), by PLOVER class</h4>';
  for (const c of EVENT_CLASSES) h += row(sw(c.color), `${c.name}: ${c.kinds.join(', ')}`);
  h += '<h4>Positions (rectangles), by stance</h4>';
  for (const [k, v] of Object.entries(STANCES)) h += row(sw(v), k.toLowerCase());
  h += '<h4>Other</h4>';
  for (const t of ['LOCATION', 'TOPIC', 'FORECAST', 'SOURCE']) h += row(sw(TYPES[t].color), `${TYPES[t].name} (${TYPES[t].shape})`);
  h += '<h4>Edges</h4>';
  h += row('<i class="line"></i>', 'relationship, labelled type: role');
  h += row('<i class="dashed"></i>', 'declined to take part');
  h += row('<i class="pathline"></i>', 'shortest path');
  return h;
}
