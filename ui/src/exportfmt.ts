// Export of what is on the canvas, built in the browser from the canvas
// itself (no server round trip): GraphML (nodes and edges with their type,
// label, position and every stored property as a string) for Gephi, yEd or
// Neo4j's apoc.import.graphml, and CSV (one file of nodes, one of edges)
// for a spreadsheet. Pure, so the formats are tested in node (tests/unit).

export interface ExportNode {
  id: string;
  type: string;
  label: string;
  x?: number;
  y?: number;
  properties: Record<string, unknown>;
}

export interface ExportEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
}

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Characters XML 1.0 cannot hold at all (control characters other than tab and newlines).
// eslint-disable-next-line no-control-regex
const BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlText(v: string): string {
  return v.replace(BAD, '').replace(/[&<>"']/g, (c) => XML[c]);
}

/** A property value as text: strings as they are, everything else as JSON. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The property keys in use, sorted, without those the format writes itself. */
function keysOf(items: { properties: Record<string, unknown> }[], reserved: string[]): string[] {
  const keys = new Set<string>();
  for (const it of items) for (const [k, v] of Object.entries(it.properties ?? {})) if (v !== null && v !== undefined) keys.add(k);
  for (const r of reserved) keys.delete(r);
  return [...keys].sort();
}

export function toGraphML(nodes: ExportNode[], edges: ExportEdge[]): string {
  const nkeys = keysOf(nodes, ['type', 'label', 'x', 'y']);
  const ekeys = keysOf(edges, ['type']);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="n_type" for="node" attr.name="type" attr.type="string"/>',
    '  <key id="n_label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="n_x" for="node" attr.name="x" attr.type="double"/>',
    '  <key id="n_y" for="node" attr.name="y" attr.type="double"/>',
  ];
  nkeys.forEach((k, i) => out.push(`  <key id="np${i}" for="node" attr.name="${xmlText(k)}" attr.type="string"/>`));
  out.push('  <key id="e_type" for="edge" attr.name="type" attr.type="string"/>');
  ekeys.forEach((k, i) => out.push(`  <key id="ep${i}" for="edge" attr.name="${xmlText(k)}" attr.type="string"/>`));
  out.push('  <graph id="eventgraph" edgedefault="directed">');
  const data = (key: string, v: string) => `<data key="${key}">${xmlText(v)}</data>`;
  for (const n of nodes) {
    let d = data('n_type', n.type) + data('n_label', n.label);
    if (n.x !== undefined && n.y !== undefined) d += data('n_x', String(Math.round(n.x * 10) / 10)) + data('n_y', String(Math.round(n.y * 10) / 10));
    nkeys.forEach((k, i) => {
      const v = n.properties?.[k];
      if (v !== null && v !== undefined) d += data(`np${i}`, valueText(v));
    });
    out.push(`    <node id="${xmlText(n.id)}">${d}</node>`);
  }
  for (const e of edges) {
    let d = data('e_type', e.type);
    ekeys.forEach((k, i) => {
      const v = e.properties?.[k];
      if (v !== null && v !== undefined) d += data(`ep${i}`, valueText(v));
    });
    out.push(`    <edge id="${xmlText(e.id)}" source="${xmlText(e.source)}" target="${xmlText(e.target)}">${d}</edge>`);
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. A text starting with = + - @ is prefixed with an apostrophe, so a
 * spreadsheet does not run a title as a formula.
 */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csv(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function nodesCSV(nodes: ExportNode[]): string {
  const keys = keysOf(nodes, ['id', 'type', 'label']);
  return csv([['id', 'type', 'label', ...keys], ...nodes.map((n) => [n.id, n.type, n.label, ...keys.map((k) => valueText(n.properties?.[k]))])]);
}

export function edgesCSV(edges: ExportEdge[]): string {
  const keys = keysOf(edges, ['id', 'type', 'source', 'target']);
  return csv([['id', 'type', 'source', 'target', ...keys], ...edges.map((e) => [e.id, e.type, e.source, e.target, ...keys.map((k) => valueText(e.properties?.[k]))])]);
}
