// The eventgraph explorer: search, expand, inspect, trace paths and scrub
// through time over the GraphQL API, with the view kept in the URL.
// Everything the page does goes through `task`, which shows what is loading
// and says what went wrong when the service or its database is unavailable.

import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, NodeSingular, EdgeSingular, LayoutOptions } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import * as api from './api';
import type { GEdge, GNode, SearchHit, Subgraph } from './api';
import { Duplicates } from './duplicates';
import { renderEdge, renderNode } from './inspector';
import { legendHTML, nodeColor, stylesheet, TYPES } from './styles';
import { inRange, Timeline } from './timeline';
import type { Range } from './timeline';
import { readState, writeState } from './urlstate';
import type { ViewState } from './urlstate';
import { $, esc, truncate } from './util';

cytoscape.use(fcose);

const cy: Core = cytoscape({
  container: $('cy'),
  style: stylesheet(),
  minZoom: 0.08,
  maxZoom: 4,
  boxSelectionEnabled: true,
  selectionType: 'single',
});

// ------------------------------------------------------------------ status

type StatusKind = 'idle' | 'loading' | 'ok' | 'info' | 'empty' | 'error';
const statusEl = $('status');
let statusToken = 0;
let busy = 0;

function setStatus(kind: StatusKind, message = '', retry?: () => void): number {
  const token = ++statusToken;
  statusEl.dataset.kind = kind;
  statusEl.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
  statusEl.innerHTML = `<span class="msg">${esc(message)}</span>`;
  if (retry) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Retry';
    b.addEventListener('click', retry);
    statusEl.appendChild(b);
  }
  return token;
}

/**
 * Adds a key field to the status bar. The key is kept for the tab and the
 * page reloads, so everything the URL describes is fetched again with it.
 */
function askForKey(): void {
  if (statusEl.querySelector('.keyform')) return;
  const form = document.createElement('form');
  form.className = 'keyform';
  form.innerHTML = '<label>Reader key <input type="password" autocomplete="off" required></label><button type="submit">Use key</button>';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    api.setReaderKey((form.querySelector('input') as HTMLInputElement).value.trim() || null);
    location.reload();
  });
  statusEl.querySelector('button')?.remove();
  statusEl.appendChild(form);
  (form.querySelector('input') as HTMLInputElement).focus();
}

function setBusy(delta: number): void {
  busy += delta;
  document.body.dataset.busy = busy > 0 ? 'true' : 'false';
  $('cy').setAttribute('aria-busy', busy > 0 ? 'true' : 'false');
}

/** What to tell the analyst about a failure; the service's own message is kept. */
function describe(e: unknown): string {
  if (e instanceof api.ApiError) return e.message;
  return `The explorer failed: ${e instanceof Error ? e.message : String(e)}`;
}

/** Runs one user action: shows it loading, reports its failure with a Retry. */
async function task<T>(label: string, fn: () => Promise<T>): Promise<T | undefined> {
  setBusy(1);
  const token = setStatus('loading', `${label}…`);
  try {
    const r = await fn();
    if (statusToken === token) setStatus('idle');
    return r;
  } catch (e) {
    console.error(label, e);
    setStatus('error', `${label} failed. ${describe(e)}`, () => void task(label, fn));
    if (e instanceof api.ApiError && e.kind === 'auth') askForKey();
    return undefined;
  } finally {
    setBusy(-1);
  }
}

// ------------------------------------------------------------------ elements

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function nodeData(n: GNode): Record<string, unknown> {
  const p = n.properties ?? {};
  const kind = str(p.kind);
  const stance = str(p.stance);
  const start = str(p.startDate);
  const end = str(p.endDate);
  let display = truncate(n.label || n.id, 48);
  if (n.type === 'EVENT' && start) display += `\n${start.slice(0, 10)}`;
  return { id: n.id, type: n.type, label: n.label || n.id, display, kind, stance, start, end, props: p, color: nodeColor(n.type, kind, stance) };
}

function edgeLabel(e: GEdge): string {
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
function edgeKey(e: GEdge): string {
  return e.type === 'CITED_IN' ? `c:${e.source}>${e.target}` : `e:${e.id}`;
}

function edgeData(e: GEdge): Record<string, unknown> {
  const p = e.properties ?? {};
  const quotes = e.type === 'CITED_IN' && str(p.quote) ? [p.quote] : [];
  return { id: edgeKey(e), eid: e.id, eids: [e.id], source: e.source, target: e.target, type: e.type, pkind: str(p.kind), role: str(p.role), display: e.type === 'CITED_IN' ? '' : edgeLabel(e), props: p, quotes };
}

/**
 * Adds a subgraph's nodes (all, or only those in `only`) and every edge whose
 * ends are both on the canvas. New nodes start near `anchor` so that an
 * incremental layout moves the old ones little. Returns the ids added.
 */
function addGraph(sg: Subgraph, only: Set<string> | null, anchor: string | null): string[] {
  const at = anchorPosition(anchor, sg);
  const defs: ElementDefinition[] = [];
  const added: string[] = [];
  for (const n of sg.nodes) {
    if (cy.getElementById(n.id).nonempty() || (only && !only.has(n.id))) continue;
    const a = Math.random() * Math.PI * 2;
    const r = 60 + Math.random() * 60;
    defs.push({ group: 'nodes', data: nodeData(n), position: { x: at.x + Math.cos(a) * r, y: at.y + Math.sin(a) * r } });
    added.push(n.id);
  }
  cy.add(defs);
  const edges: ElementDefinition[] = [];
  const pending = new Map<string, ElementDefinition>();
  for (const e of sg.edges) {
    if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
    const key = edgeKey(e);
    const have = cy.getElementById(key);
    const def = pending.get(key);
    const data = have.nonempty() ? have.data() : def?.data;
    if (!data) {
      const d = { group: 'edges' as const, data: edgeData(e) };
      pending.set(key, d);
      edges.push(d);
      continue;
    }
    // Same citation pair again: keep its quote with the others.
    const eids = data.eids as string[];
    if (eids.includes(e.id)) continue;
    eids.push(e.id);
    if (str(e.properties?.quote)) (data.quotes as string[]).push(e.properties.quote as string);
  }
  cy.add(edges);
  return added;
}

/**
 * Draws the edges between newly added nodes and the rest of the canvas:
 * an expansion's subgraph only holds the edges among its own nodes, so
 * Putin found around the Trump–Putin call would lack his (declined) link to
 * the Istanbul talks already shown. Asks for the new nodes' one-hop
 * neighbourhoods and keeps the edges whose both ends are on the canvas.
 */
async function linkUp(ids: string[]): Promise<void> {
  if (ids.length === 0 || cy.nodes().length <= ids.length) return;
  const hoods = await api.neighborhoods(ids, 100, api.EDGES_ONLY);
  const edges: GEdge[] = [];
  for (const sg of hoods.values()) for (const e of sg?.edges ?? []) edges.push(e);
  addGraph({ nodes: [], edges, truncated: false }, null, null);
}

function anchorPosition(anchor: string | null, sg: Subgraph): { x: number; y: number } {
  if (anchor) {
    const a = cy.getElementById(anchor);
    if (a.nonempty()) return { ...(a as NodeSingular).position() };
  }
  // A node picked from search: put it next to the shown nodes it connects to.
  const linked = sg.edges.flatMap((e) => [e.source, e.target]).map((id) => cy.getElementById(id)).filter((n) => n.nonempty());
  if (linked.length) {
    const xs = linked.map((n) => (n as NodeSingular).position());
    return { x: xs.reduce((s, p) => s + p.x, 0) / xs.length, y: xs.reduce((s, p) => s + p.y, 0) / xs.length };
  }
  const ext = cy.extent();
  return { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
}

// fcose keeps 300 nodes readable: it separates components, honours label
// sizes and, started from the current positions, moves old nodes little.
async function layout(randomize: boolean): Promise<void> {
  // Only what is drawn: an edge to a hidden node must not enter the layout
  // (Cytoscape cannot route it and throws).
  const shown = cy.nodes().not('.time-hidden, .type-hidden');
  const eles = shown.union(shown.edgesWith(shown));
  const n = shown.length;
  if (n === 0) return;
  const opts = {
    name: 'fcose',
    quality: n > 150 ? 'default' : 'proof',
    randomize,
    animate: n <= 120,
    animationDuration: 350,
    fit: true,
    padding: 40,
    nodeDimensionsIncludeLabels: true,
    // Measured on a 300-node graph (ui/tests, "laid out readably"): strong
    // repulsion and long edges keep labelled nodes apart; weak gravity lets
    // clusters breathe. Small graphs need less of both to stay compact.
    // A labelled edge gets some room for its label (9px text, ~5px a
    // character), capped so that a small graph is not fitted into a tiny zoom.
    idealEdgeLength: (e: EdgeSingular) => Math.min(n > 100 ? 240 : 170, Math.max(n > 100 ? 160 : 100, String(e.data('display') ?? '').length * 4.2 + 30)),
    nodeRepulsion: () => (n > 100 ? 100000 : 30000),
    gravity: n > 100 ? 0.05 : 0.25,
    nodeSeparation: 90,
    numIter: 5000,
    packComponents: true,
  } as unknown as LayoutOptions;
  const l = eles.layout(opts);
  const done = l.promiseOn('layoutstop');
  l.run();
  await done;
  // Fitting two or three nodes would blow their labels up to poster size.
  if (cy.zoom() > 1.4) {
    cy.zoom(1.2);
    cy.center(eles);
  }
}

// ------------------------------------------------------------------ view changes

let currentPath: [string, string] | null = null;
let restoring = false;
// A link whose view could not be loaded (service down, key missing) must
// survive in the address bar, so that a reload or Retry can still load it.
let keepUrl = false;
const selOrder: string[] = [];

function selectedNodes(): NodeSingular[] {
  return selOrder.map((id) => cy.getElementById(id)).filter((n) => n.nonempty() && n.selected()) as NodeSingular[];
}

function syncUrl(): void {
  if (restoring || (keepUrl && cy.nodes().length === 0)) return;
  const r = timeline.get();
  const st: ViewState = {
    nodes: cy.nodes().map((n) => n.id()),
    selected: selectedNodes().map((n) => n.id()),
    from: r.from,
    to: r.to,
    path: currentPath,
    sources: showSources.checked,
  };
  const q = writeState(st);
  const url = q ? `${location.pathname}?${q}` : location.pathname;
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
}

/** Everything that depends on which nodes are shown. */
function afterChange(): void {
  applyFilters();
  renderShown();
  renderPathSelects();
  timeline.setOnCanvas(cy.nodes('[type="EVENT"]').map((n) => ({ id: n.id(), start: n.data('start'), end: n.data('end') })));
  const hidden = cy.nodes('.time-hidden').length;
  const srcHidden = cy.nodes('.type-hidden').length;
  $('counts').textContent = `${cy.nodes().length} nodes · ${cy.edges().length} edges${hidden ? ` · ${hidden} hidden by the time range` : ''}${srcHidden ? ` · ${srcHidden} source${srcHidden === 1 ? '' : 's'} not drawn` : ''}`;
  $('empty-hint').hidden = cy.nodes().length > 0;
  updateButtons();
  syncUrl();
}

function updateButtons(): void {
  const sel = selectedNodes();
  ($('btn-expand') as HTMLButtonElement).disabled = sel.length === 0;
  ($('btn-dismiss') as HTMLButtonElement).disabled = sel.length === 0;
}

/**
 * Hides source nodes unless asked for; then events outside the time range,
 * and whatever hangs only on them (a participant whose every link is to a
 * hidden event), repeated until nothing more goes. Undated events and
 * unlinked nodes stay.
 */
function applyFilters(): void {
  const r = timeline.get();
  cy.batch(() => {
    cy.elements('.time-hidden').removeClass('time-hidden');
    cy.elements('.type-hidden').removeClass('type-hidden');
    if (!showSources.checked) cy.nodes('[type="SOURCE"]').addClass('type-hidden');
    if (!r.from && !r.to) return;
    const hidden = new Set<string>();
    cy.nodes('[type="EVENT"]').forEach((n) => {
      if (!inRange(r, n.data('start'), n.data('end'))) hidden.add(n.id());
    });
    for (let changed = hidden.size > 0; changed; ) {
      changed = false;
      cy.nodes().forEach((n) => {
        if (hidden.has(n.id()) || n.data('type') === 'EVENT') return;
        // Undrawn sources neither hold a node up nor pull it down.
        let onHidden = false;
        let held = false;
        n.neighborhood('node').forEach((m) => {
          if (hidden.has(m.id())) onHidden = true;
          else if (!m.hasClass('type-hidden')) held = true;
        });
        if (onHidden && !held) {
          hidden.add(n.id());
          changed = true;
        }
      });
    }
    for (const id of hidden) cy.getElementById(id).addClass('time-hidden');
  });
}

const showSources = $('show-sources') as HTMLInputElement;
showSources.addEventListener('change', () => {
  afterChange();
  if (cy.nodes('[type="SOURCE"]').nonempty()) void layout(false);
});

function onRange(_: Range): void {
  afterChange();
}

function focusNode(id: string): void {
  const n = cy.getElementById(id);
  if (n.empty()) return;
  cy.nodes(':selected').unselect();
  cy.edges(':selected').unselect();
  n.select();
  cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 0.9) }, { duration: 250 });
}

/** Adds one node (from search, the timeline or the inspector), centres and selects it. */
async function showNode(id: string, label?: string): Promise<void> {
  if (cy.getElementById(id).nonempty()) {
    focusNode(id);
    return;
  }
  await task(`Adding ${label ?? id}`, async () => {
    let sg: Subgraph;
    try {
      sg = await api.neighborhood(id, 1, 100);
    } catch (e) {
      if (e instanceof api.ApiError && e.code === 'NOT_FOUND') throw new api.ApiError('graphql', `No node with id “${id}” exists (any more).`, 'NOT_FOUND');
      throw e;
    }
    const centre = sg.nodes.find((n) => n.id === id);
    if (!centre) throw new api.ApiError('graphql', `No node with id “${id}” exists (any more).`, 'NOT_FOUND');
    if (centre.type === 'SOURCE') showSources.checked = true;
    addGraph(sg, new Set([id]), null);
    afterChange();
    focusNode(id);
  });
}

async function expand(id: string): Promise<void> {
  const node = cy.getElementById(id);
  if (node.empty()) return;
  const label = node.data('label') as string;
  const depth = Number(($('expand-depth') as HTMLSelectElement).value) || 1;
  const limit = 100 * depth;
  let added: string[] = [];
  let truncated = false;
  const ok = await task(`Expanding ${label}`, async () => {
    const sg = await api.neighborhood(id, depth, limit);
    truncated = sg.truncated;
    added = addGraph(sg, null, id);
    await linkUp(added);
    afterChange();
    if (added.length) await layout(false);
    return true;
  });
  if (!ok) return;
  const addedSet = new Set(added);
  const fresh = cy.nodes().filter((n) => addedSet.has(n.id()));
  fresh.addClass('fresh');
  setTimeout(() => fresh.removeClass('fresh'), 1000);
  const more = truncated ? ` The service stopped at ${limit} nodes; expand the new nodes to see more.` : '';
  if (added.length) setStatus('ok', `Added ${added.length} node${added.length === 1 ? '' : 's'} around ${label}.${more}`);
  else setStatus('empty', `${label} has no neighbours that are not already shown.${more}`);
}

function dismiss(ids: string[]): void {
  if (ids.length === 0) return;
  const idSet = new Set(ids);
  const gone = cy.nodes().filter((n) => idSet.has(n.id()));
  if (currentPath && ids.some((id) => currentPath!.includes(id))) clearPath(false);
  gone.remove();
  for (const id of ids) {
    const i = selOrder.indexOf(id);
    if (i >= 0) selOrder.splice(i, 1);
  }
  afterChange();
  inspect();
}

// ------------------------------------------------------------------ path

const pathFrom = $('path-from') as HTMLSelectElement;
const pathTo = $('path-to') as HTMLSelectElement;
const pathResult = $('path-result');

function renderPathSelects(): void {
  const nodes = cy.nodes().map((n) => ({ id: n.id(), label: n.data('label') as string })).sort((a, b) => a.label.localeCompare(b.label));
  for (const sel of [pathFrom, pathTo]) {
    const keep = sel.value;
    sel.innerHTML = '<option value="">—</option>' + nodes.map((n) => `<option value="${esc(n.id)}">${esc(truncate(n.label, 40))}</option>`).join('');
    if (nodes.some((n) => n.id === keep)) sel.value = keep;
  }
}

/** Orders a path's node ids from one end to the other by walking its edges. */
function orderPath(sg: Subgraph, from: string): string[] {
  const adj = new Map<string, string[]>();
  for (const e of sg.edges) {
    adj.set(e.source, [...(adj.get(e.source) ?? []), e.target]);
    adj.set(e.target, [...(adj.get(e.target) ?? []), e.source]);
  }
  const out = [from];
  const seen = new Set(out);
  for (let cur = from; ; ) {
    const next = (adj.get(cur) ?? []).find((x) => !seen.has(x));
    if (!next) break;
    out.push(next);
    seen.add(next);
    cur = next;
  }
  return out;
}

async function findPath(from: string, to: string): Promise<void> {
  if (!from || !to || from === to) {
    pathResult.textContent = 'Pick two different nodes.';
    return;
  }
  const name = (id: string) => (cy.getElementById(id).data('label') as string) ?? id;
  await task(`Finding a path from ${name(from)} to ${name(to)}`, async () => {
    const sg = await api.path(from, to, 8);
    clearPath(false);
    if (!sg || sg.nodes.length === 0) {
      currentPath = null;
      pathResult.textContent = `No connection between ${name(from)} and ${name(to)} within 8 steps.`;
      setStatus('empty', pathResult.textContent);
      afterChange();
      return;
    }
    const added = addGraph(sg, null, from);
    await linkUp(added);
    currentPath = [from, to];
    afterChange();
    if (added.length) await layout(false);
    const ids = new Set(sg.nodes.map((n) => n.id));
    cy.batch(() => {
      cy.elements().addClass('faded');
      for (const n of sg.nodes) cy.getElementById(n.id).removeClass('faded').addClass('path');
      for (const e of sg.edges) cy.getElementById(edgeKey(e)).removeClass('faded').addClass('path');
    });
    const order = orderPath(sg, from).filter((id) => ids.has(id));
    const steps = sg.edges.length;
    pathResult.innerHTML = `<strong>${steps} step${steps === 1 ? '' : 's'}:</strong> ${order.map((id) => esc(name(id))).join(' → ')}`;
    $('btn-path-clear').hidden = false;
    cy.animate({ fit: { eles: cy.elements('.path'), padding: 60 } }, { duration: 300 });
    setStatus('ok', `Path found: ${steps} step${steps === 1 ? '' : 's'}.`);
    pathFrom.value = from;
    pathTo.value = to;
  });
}

function clearPath(sync = true): void {
  cy.elements().removeClass('faded path');
  currentPath = null;
  $('btn-path-clear').hidden = true;
  pathResult.textContent = '';
  if (sync) syncUrl();
}

// ------------------------------------------------------------------ inspector

const inspectorEl = $('inspector');
let inspectToken = 0;

async function inspect(): Promise<void> {
  const token = ++inspectToken;
  const edge = cy.edges(':selected').last();
  const sel = selectedNodes();
  const node = sel[sel.length - 1];
  if (edge.nonempty() && (!node || edge.selected())) {
    await inspectEdge(edge as EdgeSingular, token);
    return;
  }
  if (!node) {
    inspectorEl.innerHTML = '<p class="muted">Select a node or an edge to see its properties and sources.</p>';
    return;
  }
  const id = node.id();
  inspectorEl.innerHTML = `<p class="muted">Loading ${esc(node.data('label'))}…</p>`;
  setBusy(1);
  try {
    const d = await api.inspectNode(id);
    if (token !== inspectToken) return;
    inspectorEl.innerHTML = d ? renderNode(d, node.data('props')) : `<p>No node with id <code>${esc(id)}</code> exists any more.</p>`;
    if (d && (d.__typename === 'Actor' || d.__typename === 'Location')) {
      const section = document.createElement('section');
      section.className = 'duplicates';
      inspectorEl.appendChild(section);
      void duplicates.show(section, d.__typename === 'Actor' ? 'ACTOR' : 'LOCATION', id, () => token !== inspectToken);
    }
  } catch (e) {
    if (token !== inspectToken) return;
    inspectorEl.innerHTML = `<p class="error" role="alert">${esc(describe(e))}</p>`;
    setStatus('error', `Loading the details of ${node.data('label')} failed. ${describe(e)}`, () => void inspect());
  } finally {
    setBusy(-1);
  }
}

// A candidate merged into the inspected node is gone from the graph: so
// from the canvas too (its relationships now hang on the kept node).
const duplicates = new Duplicates(
  (_keepId, mergedId) => dismiss([mergedId]),
  (id, label) => void showNode(id, label),
);

async function inspectEdge(edge: EdgeSingular, token: number): Promise<void> {
  const view = {
    id: edge.data('eid') as string,
    type: edge.data('type') as string,
    source: { id: edge.source().id(), label: edge.source().data('label') as string },
    target: { id: edge.target().id(), label: edge.target().data('label') as string },
    properties: (edge.data('props') ?? {}) as Record<string, unknown>,
    quotes: (edge.data('quotes') ?? []) as string[],
  };
  const ids = Array.isArray(view.properties.sourceIds) ? (view.properties.sourceIds as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  inspectorEl.innerHTML = renderEdge(view, ids.length ? null : []);
  if (!ids.length) return;
  setBusy(1);
  try {
    const sources = await api.sourcesByIds(ids);
    if (token === inspectToken) inspectorEl.innerHTML = renderEdge(view, sources);
  } catch (e) {
    if (token === inspectToken) setStatus('error', `Loading the sources of this relationship failed. ${describe(e)}`);
  } finally {
    setBusy(-1);
  }
}

inspectorEl.addEventListener('click', (ev) => {
  const t = (ev.target as HTMLElement).closest<HTMLElement>('[data-show],[data-action]');
  if (!t) return;
  if (t.dataset.show) {
    void showNode(t.dataset.show, t.textContent ?? undefined);
    return;
  }
  const id = t.dataset.id ?? '';
  switch (t.dataset.action) {
    case 'expand':
      void expand(id);
      break;
    case 'dismiss':
      dismiss([id]);
      break;
    case 'path-from':
      pathFrom.value = id;
      break;
    case 'path-to':
      pathTo.value = id;
      break;
  }
});

// ------------------------------------------------------------------ selection

let selTimer = 0;
function selectionChanged(): void {
  // A tap unselects the old node and selects the new one: handle both at once.
  clearTimeout(selTimer);
  selTimer = window.setTimeout(() => {
    const sel = selectedNodes();
    if (sel.length >= 2) {
      pathFrom.value = sel[sel.length - 2].id();
      pathTo.value = sel[sel.length - 1].id();
    }
    cy.batch(() => {
      cy.edges('.near').removeClass('near');
      for (const n of sel) n.connectedEdges().addClass('near');
    });
    updateButtons();
    renderShown();
    syncUrl();
    void inspect();
  }, 0);
}

cy.on('select', 'node', (e) => {
  const id = e.target.id();
  const i = selOrder.indexOf(id);
  if (i >= 0) selOrder.splice(i, 1);
  selOrder.push(id);
  selectionChanged();
});
cy.on('unselect', 'node', (e) => {
  const i = selOrder.indexOf(e.target.id());
  if (i >= 0) selOrder.splice(i, 1);
  selectionChanged();
});
cy.on('select unselect', 'edge', selectionChanged);
cy.on('dbltap', 'node', (e) => void expand(e.target.id()));

// ------------------------------------------------------------------ side list

const shownList = $('shown-list');

function renderShown(): void {
  const items = cy
    .nodes()
    .map((n) => ({ id: n.id(), label: n.data('label') as string, type: n.data('type') as string, color: n.data('color') as string, sel: n.selected(), hidden: n.hasClass('time-hidden') || n.hasClass('type-hidden') }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.label.localeCompare(b.label));
  shownList.innerHTML = items.length
    ? items
        .map(
          (n) =>
            `<li data-id="${esc(n.id)}" class="${n.hidden ? 'hidden-by-time' : ''}"><button type="button" class="pick" data-pick="${esc(n.id)}" aria-pressed="${n.sel}" title="${esc(`${TYPES[n.type]?.name ?? n.type}: ${n.label}${n.hidden ? ' (not drawn: outside the time range, or a source)' : ''}`)}"><span class="dot" style="background:${n.color}"></span>${esc(n.label)}</button><button type="button" class="x" data-dismiss="${esc(n.id)}" aria-label="Dismiss ${esc(n.label)}" title="Dismiss">×</button></li>`,
        )
        .join('')
    : '<li class="muted small">Nothing yet.</li>';
}

shownList.addEventListener('click', (ev) => {
  const t = ev.target as HTMLElement;
  const pick = t.closest<HTMLElement>('[data-pick]');
  const x = t.closest<HTMLElement>('[data-dismiss]');
  if (x?.dataset.dismiss) dismiss([x.dataset.dismiss]);
  else if (pick?.dataset.pick) {
    const id = pick.dataset.pick;
    if ((ev as MouseEvent).shiftKey) cy.getElementById(id).select();
    else focusNode(id);
  }
});

// ------------------------------------------------------------------ search

const searchInput = $('search-input') as HTMLInputElement;
let typeTimer = 0;
const resultsEl = $('search-results');
let searchToken = 0;
let lastQuery = '';

function hitLabel(h: SearchHit): string {
  return h.node.name ?? h.node.title ?? h.node.statement ?? h.node.id;
}

function hitSub(h: SearchHit): string {
  const n = h.node;
  const bits = [n.actorKind, n.eventKind, n.startDate, n.locationKind, n.stance, n.likelihood, n.publishedAt].filter(Boolean) as string[];
  if (n.aliases?.length) bits.push(`also ${n.aliases.join(', ')}`);
  return bits.map((b) => b.replace(/_/g, ' ').toLowerCase()).join(' · ');
}

async function doSearch(q: string): Promise<void> {
  q = q.trim();
  clearTimeout(typeTimer);
  if (!q) return;
  if (q === lastQuery && !resultsEl.hidden) return;
  lastQuery = q;
  const token = ++searchToken;
  const hits = await task(`Searching for “${q}”`, () => api.search(q, 40));
  if (hits === undefined) lastQuery = '';
  if (token !== searchToken || hits === undefined) return;
  resultsEl.hidden = false;
  if (hits.length === 0) {
    resultsEl.innerHTML = `<p class="none" role="status">Nothing found for “${esc(q)}”. Try another spelling or a shorter word.</p>`;
    setStatus('empty', `Nothing found for “${q}”.`);
    return;
  }
  const groups = new Map<string, SearchHit[]>();
  for (const h of hits) groups.set(h.type, [...(groups.get(h.type) ?? []), h]);
  let html = `<p class="small muted">${hits.length} result${hits.length === 1 ? '' : 's'} for “${esc(q)}”. Pick one to add it to the canvas.</p>`;
  for (const type of Object.keys(TYPES)) {
    const g = groups.get(type);
    if (!g) continue;
    html += `<section data-type="${type}"><h3>${TYPES[type].name}s (${g.length})</h3><ul>`;
    for (const h of g) {
      const color = nodeColor(h.type, h.node.actorKind ?? h.node.eventKind, h.node.stance);
      html += `<li><button type="button" data-pick="${esc(h.node.id)}" data-label="${esc(hitLabel(h))}"><span class="dot" style="background:${color}"></span><span>${esc(truncate(hitLabel(h), 90))}</span><span class="sub">${esc(hitSub(h))}</span></button></li>`;
    }
    html += '</ul></section>';
  }
  resultsEl.innerHTML = html;
}

function closeResults(): void {
  resultsEl.hidden = true;
}

$('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void doSearch(searchInput.value);
});
searchInput.addEventListener('input', () => {
  clearTimeout(typeTimer);
  const q = searchInput.value.trim();
  if (q.length < 2) return;
  typeTimer = window.setTimeout(() => void doSearch(q), 350);
});
searchInput.addEventListener('keydown', (ev) => {
  if (ev.key === 'ArrowDown' && !resultsEl.hidden) {
    resultsEl.querySelector<HTMLButtonElement>('button[data-pick]')?.focus();
    ev.preventDefault();
  } else if (ev.key === 'Escape') closeResults();
});
resultsEl.addEventListener('click', (ev) => {
  const b = (ev.target as HTMLElement).closest<HTMLElement>('[data-pick]');
  if (!b?.dataset.pick) return;
  closeResults();
  void showNode(b.dataset.pick, b.dataset.label);
});
resultsEl.addEventListener('keydown', (ev) => {
  const all = [...resultsEl.querySelectorAll<HTMLButtonElement>('button[data-pick]')];
  const i = all.indexOf(document.activeElement as HTMLButtonElement);
  if (ev.key === 'ArrowDown' && i < all.length - 1) all[i + 1].focus();
  else if (ev.key === 'ArrowUp') (i > 0 ? all[i - 1] : searchInput).focus();
  else if (ev.key === 'Escape') {
    closeResults();
    searchInput.focus();
  } else return;
  ev.preventDefault();
});
document.addEventListener('click', (ev) => {
  const t = ev.target as HTMLElement;
  if (!resultsEl.hidden && !resultsEl.contains(t) && !$('search-form').contains(t)) closeResults();
});
document.querySelector('.skip')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  searchInput.focus();
});
for (const b of document.querySelectorAll<HTMLElement>('[data-try]')) {
  b.addEventListener('click', () => {
    searchInput.value = b.dataset.try ?? '';
    void doSearch(searchInput.value);
  });
}

// ------------------------------------------------------------------ toolbar and keys

function expandSelected(): void {
  for (const n of selectedNodes()) void expand(n.id());
}

$('btn-expand').addEventListener('click', expandSelected);
$('btn-dismiss').addEventListener('click', () => dismiss(selectedNodes().map((n) => n.id())));
$('btn-fit').addEventListener('click', () => cy.animate({ fit: { eles: cy.elements(':visible'), padding: 40 } }, { duration: 250 }));
const zoomBy = (f: number) => cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
$('btn-zoom-in').addEventListener('click', () => zoomBy(1.25));
$('btn-zoom-out').addEventListener('click', () => zoomBy(0.8));
$('btn-layout').addEventListener('click', () => {
  setBusy(1);
  void layout(true).finally(() => setBusy(-1));
});
$('btn-clear').addEventListener('click', () => {
  clearPath(false);
  cy.elements().remove();
  selOrder.length = 0;
  afterChange();
  void inspect();
});
$('btn-png').addEventListener('click', async () => {
  if (cy.nodes().length === 0) {
    setStatus('info', 'Nothing to export: the canvas is empty.');
    return;
  }
  const blob = await cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `eventgraph-${new Date().toISOString().slice(0, 10)}.png`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  setStatus('ok', `Exported ${a.download}.`);
});
$('btn-path').addEventListener('click', () => void findPath(pathFrom.value, pathTo.value));
$('btn-path-clear').addEventListener('click', () => clearPath());

$('cy').addEventListener('keydown', (ev) => {
  const pan = 60;
  switch (ev.key) {
    case 'Delete':
    case 'Backspace':
      dismiss(selectedNodes().map((n) => n.id()));
      break;
    case 'Enter':
      expandSelected();
      break;
    case '+':
    case '=':
      zoomBy(1.25);
      break;
    case '-':
      zoomBy(0.8);
      break;
    case 'f':
      cy.fit(cy.elements(':visible'), 40);
      break;
    case 'Escape':
      cy.elements(':selected').unselect();
      break;
    case 'ArrowLeft':
      cy.panBy({ x: pan, y: 0 });
      break;
    case 'ArrowRight':
      cy.panBy({ x: -pan, y: 0 });
      break;
    case 'ArrowUp':
      cy.panBy({ x: 0, y: pan });
      break;
    case 'ArrowDown':
      cy.panBy({ x: 0, y: -pan });
      break;
    default:
      return;
  }
  ev.preventDefault();
});

// ------------------------------------------------------------------ start

const timeline = new Timeline(onRange, (id) => void showNode(id));
$('legend').innerHTML = legendHTML();

async function loadTimeline(): Promise<void> {
  await task('Loading the timeline', async () => {
    const { events } = await api.timelineEvents();
    timeline.setEvents(events);
  });
}

/** Rebuilds the view a URL describes: its nodes, the edges among them, selection, range and path. */
async function restore(st: ViewState): Promise<void> {
  timeline.set({ from: st.from, to: st.to }, false);
  showSources.checked = st.sources;
  if (st.nodes.length) {
    restoring = true;
    keepUrl = true;
    let missing: string[] = [];
    try {
      await task(`Restoring ${st.nodes.length} node${st.nodes.length === 1 ? '' : 's'} from the link`, async () => {
        const hoods = await api.neighborhoods(st.nodes, 100);
        const want = new Set(st.nodes);
        const nodes: GNode[] = [];
        const edges = new Map<string, GEdge>();
        for (const id of st.nodes) {
          const centre = hoods.get(id)?.nodes.find((n) => n.id === id);
          if (centre) nodes.push(centre);
          else missing.push(id);
        }
        for (const sg of hoods.values()) for (const e of sg?.edges ?? []) if (want.has(e.source) && want.has(e.target)) edges.set(e.id, e);
        addGraph({ nodes, edges: [...edges.values()], truncated: false }, null, null);
        keepUrl = false;
        afterChange();
        await layout(true);
      });
    } finally {
      restoring = false;
    }
    for (const id of st.selected) cy.getElementById(id).select();
    afterChange();
    if (missing.length) setStatus('info', `${missing.length} node${missing.length === 1 ? '' : 's'} in this link no longer exist${missing.length === 1 ? 's' : ''}: ${missing.join(', ')}.`);
  } else {
    afterChange();
  }
  if (st.path) await findPath(st.path[0], st.path[1]);
}

const ready = Promise.all([restore(readState(location.search)), loadTimeline()]).then(() => {
  document.body.dataset.ready = 'true';
});

// A handle for the browser tests and for analysts at the console: the canvas
// has no DOM of its own to query.
(window as unknown as { explorer: unknown }).explorer = { cy, ready, timeline, showNode, expand, findPath, layout, addGraph, afterChange };
