// The eventgraph explorer: search, expand, inspect, trace paths and scrub
// through time over the GraphQL API, with the view kept in the URL.
// This file is the wiring: the components (graph view, search box, path
// panel, inspector, status bar, timeline, side list) each own their part of
// the page and say what the analyst asked for; here those requests become
// API calls whose answers go back to the components. Everything the page
// does goes through `status.task`, which shows what is loading and says what
// went wrong when the service or its database is unavailable.

import * as api from './api';
import type { GEdge, GNode, Subgraph } from './api';
import { groupLeaves, onlyTypes, preview } from './clusters';
import type { Grouped } from './clusters';
import { GraphView } from './graphview';
import type { Snapshot } from './graphview';
import { edgesCSV, nodesCSV, toGraphML } from './exportfmt';
import { History } from './history';
import { MapView } from './mapview';
import { StyleLegend } from './styleby';
import { SavedViews } from './views';
import { ExpandPreview } from './preview';
import { Inspector } from './inspectorpanel';
import { PathPanel } from './pathpanel';
import { SearchBox } from './searchbox';
import { ShownList } from './shownlist';
import { StatusBar } from './status';
import { legendHTML } from './styles';
import { histogramBins, Timeline } from './timeline';
import { readState, writeState } from './urlstate';
import type { ViewState } from './urlstate';
import { Latest } from './latest';
import { $ } from './util';

const status = new StatusBar();
const graph = new GraphView({
  onSelection: selectionChanged,
  onExpand: (ids) => ids.forEach((id) => void expand(id)),
  onDismiss: dismiss,
  onOpenCluster: (id) => void openCluster(id),
});
const cy = graph.cy;
const timeline = new Timeline(() => afterChange(), (id) => void showNode(id));
const path = new PathPanel(
  (from, to) => void findPath(from, to),
  () => clearPath(),
);
const inspector = new Inspector(status, {
  onShow: (id, label) => void showNode(id, label),
  onExpand: (id) => void expand(id),
  onDismiss: (id) => dismiss([id]),
  onPathFrom: (id) => path.setFrom(id),
  onPathTo: (id) => path.setTo(id),
  onMerged: (mergedId) => dismiss([mergedId]),
});
const shown = new ShownList(
  (id, add) => (add ? graph.select(id) : graph.focus(id)),
  (id) => dismiss([id]),
);
new SearchBox(status, (id, label) => void showNode(id, label));
const showSources = $('show-sources') as HTMLInputElement;
const expandPreview = new ExpandPreview();
const legend = new StyleLegend(() => afterChange());
const map = new MapView((ids) => {
  cy.nodes(':selected').unselect();
  for (const id of ids) graph.select(id);
  const want = new Set(ids);
  const eles = cy.nodes().filter((n) => want.has(n.id()));
  if (eles.nonempty()) cy.animate({ fit: { eles: eles.closedNeighborhood(), padding: 60 } }, { duration: 250 });
});
// Where the events on the canvas took place, fetched once per event.
const places = new Map<string, api.EventPlace | null>();
const placesGuard = new Latest();
const views = new SavedViews(() => writeState({ ...viewState(), positions: graph.positions() }));
const undo = new History<Snapshot>();

/** Call before any change to the canvas: the state it is in now is what undo goes back to. */
function before(): void {
  undo.push(graph.snapshot());
  updateButtons();
}

// ------------------------------------------------------------------ view state

let currentPath: [string, string] | null = null;
let restoring = false;
// A link whose view could not be loaded (service down, key missing) must
// survive in the address bar, so that a reload or Retry can still load it.
let keepUrl = false;

function viewState(): ViewState {
  const r = timeline.get();
  const l = legend.get();
  return {
    nodes: graph.ids(),
    selected: graph.selected().map((n) => n.id()),
    from: r.from,
    to: r.to,
    path: currentPath,
    sources: showSources.checked,
    style: l.prop,
    off: l.off,
  };
}

function syncUrl(): void {
  if (restoring || (keepUrl && cy.nodes().length === 0)) return;
  const q = writeState(viewState());
  const url = q ? `${location.pathname}?${q}` : location.pathname;
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
}

/** Everything that depends on which nodes are shown. */
function afterChange(): void {
  graph.applyFilters(timeline.get(), showSources.checked);
  const l = legend.update(graph.styled());
  graph.applyLegend(l.color, l.hidden);
  shown.render(graph.listed());
  path.setNodes(graph.ids().map((id) => ({ id, label: graph.label(id) })));
  timeline.setOnCanvas(graph.events());
  const c = graph.counts();
  $('counts').textContent = `${c.nodes} nodes · ${c.edges} edges${c.timeHidden ? ` · ${c.timeHidden} hidden by the time range` : ''}${c.typeHidden ? ` · ${c.typeHidden} source${c.typeHidden === 1 ? '' : 's'} not drawn` : ''}`;
  $('empty-hint').hidden = c.nodes > 0;
  updateButtons();
  syncUrl();
  if (map.open) void updateMap();
}

/** The map shows the events drawn on the canvas (filters applied); places not known yet are asked for. */
async function updateMap(): Promise<void> {
  const current = placesGuard.begin();
  // By the filters' classes: ':visible' may lag until Cytoscape restyles.
  const ids = cy.nodes('[type="EVENT"]').not('.time-hidden, .type-hidden, .legend-hidden').map((n) => n.id());
  const missing = ids.filter((id) => !places.has(id));
  if (missing.length) {
    const ok = await status.task('Placing the events on the map', async () => {
      for (const p of await api.eventPlaces(missing)) places.set(p.id, p);
      for (const id of missing) if (!places.has(id)) places.set(id, null);
      return true;
    });
    if (!ok || !current()) return;
  }
  map.set(ids.map((id) => places.get(id)).filter((p): p is api.EventPlace => !!p), ids.length);
  map.setSelected(graph.selected().map((n) => n.id()));
}

function updateButtons(): void {
  const none = graph.selected().length === 0;
  ($('btn-expand') as HTMLButtonElement).disabled = none;
  ($('btn-dismiss') as HTMLButtonElement).disabled = none;
  ($('btn-undo') as HTMLButtonElement).disabled = !undo.canUndo;
  ($('btn-redo') as HTMLButtonElement).disabled = !undo.canRedo;
}

function selectionChanged(): void {
  const sel = graph.selected();
  if (sel.length >= 2) {
    path.setFrom(sel[sel.length - 2].id());
    path.setTo(sel[sel.length - 1].id());
  }
  updateButtons();
  shown.render(graph.listed());
  syncUrl();
  if (map.open) map.setSelected(sel.map((n) => n.id()));
  void inspect();
}

function inspect(): Promise<void> {
  const sel = graph.selected();
  const edge = cy.edges(':selected').last();
  return inspector.show(sel[sel.length - 1], edge.nonempty() ? edge : undefined);
}

// ------------------------------------------------------------------ actions

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
  graph.add({ nodes: [], edges, truncated: false }, null, null);
}

/** Adds one node (from search, the timeline or the inspector), centres and selects it. */
async function showNode(id: string, label?: string): Promise<void> {
  if (graph.has(id)) {
    graph.focus(id);
    return;
  }
  const gone = () => new api.ApiError('graphql', `No node with id “${id}” exists (any more).`, 'NOT_FOUND');
  await status.task(`Adding ${label ?? id}`, async () => {
    let sg: Subgraph;
    try {
      sg = await api.neighborhood(id, 1, 100);
    } catch (e) {
      if (e instanceof api.ApiError && e.code === 'NOT_FOUND') throw gone();
      throw e;
    }
    const centre = sg.nodes.find((n) => n.id === id);
    if (!centre) throw gone();
    if (centre.type === 'SOURCE') showSources.checked = true;
    before();
    graph.add(sg, new Set([id]), null);
    afterChange();
    graph.focus(id);
  });
}

// A deeper expansion, or one adding more than this many drawn nodes, is
// previewed before anything is drawn.
const PREVIEW_OVER = 40;

async function expand(id: string): Promise<void> {
  if (graph.isCluster(id)) return openCluster(id);
  if (!graph.has(id)) return;
  const label = graph.label(id);
  const depth = Number(($('expand-depth') as HTMLSelectElement).value) || 1;
  const limit = 100 * depth;
  let truncated = false;
  let grouped: Grouped | null = null;
  const has = (x: string) => graph.has(x);
  const keep = new Set([id]);
  const ok = await status.task(`Expanding ${label}`, async () => {
    const sg = await api.neighborhood(id, depth, limit);
    truncated = sg.truncated;
    grouped = groupLeaves(sg, has, keep);
    return true;
  });
  if (!ok || !grouped) return;
  const g: Grouped = grouped;
  const p = preview(g, has);
  if (depth >= 2 || p.nodes > PREVIEW_OVER) {
    expandPreview.show(`Depth ${depth} around ${label}`, p, truncated, (types) => void drawExpansion(id, label, onlyTypes(g, types, keep, has), truncated, limit));
    status.set('info', `Preview of depth ${depth} around ${label}: nothing drawn yet; Draw or Cancel below the toolbar.`);
    return;
  }
  await drawExpansion(id, label, g, truncated, limit);
}

async function drawExpansion(id: string, label: string, g: Grouped, truncated: boolean, limit: number): Promise<void> {
  if (!graph.has(id)) return;
  let added: string[] = [];
  before();
  const ok = await status.task(`Drawing around ${label}`, async () => {
    added = graph.addGrouped(g, id);
    await linkUp(added.filter((x) => !graph.isCluster(x)));
    afterChange();
    if (added.length) await graph.layout(false);
    return true;
  });
  if (!ok) return;
  graph.markFresh(added);
  const clusters = added.filter((x) => graph.isCluster(x));
  const held = clusters.length ? ` ${g.clusters.reduce((s, c) => s + c.members.length, 0)} more are held in ${clusters.length} cluster${clusters.length === 1 ? '' : 's'}: click one to open it.` : '';
  const nodes = added.length - clusters.length;
  const more = truncated ? ` The service stopped at ${limit} nodes; expand the new nodes to see more.` : '';
  if (added.length) status.set('ok', `Added ${nodes} node${nodes === 1 ? '' : 's'} around ${label}.${held}${more}`);
  else status.set('empty', `${label} has no neighbours that are not already shown.${more}`);
}

/** Draws the next members of a cluster. */
async function openCluster(id: string): Promise<void> {
  if (!graph.isCluster(id)) return;
  before();
  let added: string[] = [];
  await status.task('Opening the cluster', async () => {
    added = graph.openCluster(id);
    await linkUp(added);
    afterChange();
    if (added.length) await graph.layout(false);
  });
  graph.markFresh(added);
  const left = graph.isCluster(id) ? ` ${graph.cy.getElementById(id).data('label')} still in the cluster.` : '';
  status.set('ok', `Opened ${added.length} from the cluster.${left}`);
}

function dismiss(ids: string[]): void {
  if (ids.length === 0) return;
  if (currentPath && ids.some((id) => currentPath!.includes(id))) clearPath(false);
  before();
  graph.remove(ids);
  afterChange();
  void inspect();
}

async function findPath(from: string, to: string): Promise<void> {
  if (!from || !to || from === to) {
    path.say('Pick two different nodes.');
    return;
  }
  const name = (id: string) => graph.label(id);
  await status.task(`Finding a path from ${name(from)} to ${name(to)}`, async () => {
    const sg = await api.path(from, to, 8);
    clearPath(false);
    if (!sg || sg.nodes.length === 0) {
      currentPath = null;
      const none = `No connection between ${name(from)} and ${name(to)} within 8 steps.`;
      path.say(none);
      status.set('empty', none);
      afterChange();
      return;
    }
    before();
    const added = graph.add(sg, null, from);
    await linkUp(added);
    currentPath = [from, to];
    afterChange();
    if (added.length) await graph.layout(false);
    graph.highlightPath(sg);
    path.show(sg, from, to, name);
    status.set('ok', `Path found: ${sg.edges.length} step${sg.edges.length === 1 ? '' : 's'}.`);
  });
}

function clearPath(sync = true): void {
  graph.clearPath();
  currentPath = null;
  path.clear();
  if (sync) syncUrl();
}

// ------------------------------------------------------------------ toolbar

$('btn-expand').addEventListener('click', () => graph.selected().forEach((n) => void expand(n.id())));
$('btn-dismiss').addEventListener('click', () => dismiss(graph.selected().map((n) => n.id())));
$('btn-fit').addEventListener('click', () => graph.fit());
$('btn-zoom-in').addEventListener('click', () => graph.zoomBy(1.25));
$('btn-zoom-out').addEventListener('click', () => graph.zoomBy(0.8));
$('btn-layout').addEventListener('click', () => {
  before();
  status.setBusy(1);
  void graph.layout(true).finally(() => status.setBusy(-1));
});
$('btn-clear').addEventListener('click', () => {
  before();
  clearPath(false);
  graph.clear();
  afterChange();
  void inspect();
});
function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
const day = () => new Date().toISOString().slice(0, 10);
$('btn-png').addEventListener('click', async () => {
  const blob = await graph.png();
  if (!blob) {
    status.set('info', 'Nothing to export: the canvas is empty.');
    return;
  }
  download(blob, `eventgraph-${day()}.png`);
  status.set('ok', `Exported eventgraph-${day()}.png.`);
});
// GraphML and CSV are built here from what is drawn (filters applied), not
// asked of the service: what the analyst sees is what is exported.
function exported(): ReturnType<GraphView['exportable']> | null {
  const x = graph.exportable();
  if (x.nodes.length === 0) {
    status.set('info', 'Nothing to export: no node is drawn.');
    return null;
  }
  return x;
}
$('btn-graphml').addEventListener('click', () => {
  const x = exported();
  if (!x) return;
  download(new Blob([toGraphML(x.nodes, x.edges)], { type: 'application/graphml+xml' }), `eventgraph-${day()}.graphml`);
  status.set('ok', `Exported ${x.nodes.length} nodes and ${x.edges.length} edges as eventgraph-${day()}.graphml.`);
});
$('btn-csv').addEventListener('click', () => {
  const x = exported();
  if (!x) return;
  download(new Blob([nodesCSV(x.nodes)], { type: 'text/csv' }), `eventgraph-${day()}-nodes.csv`);
  download(new Blob([edgesCSV(x.edges)], { type: 'text/csv' }), `eventgraph-${day()}-edges.csv`);
  status.set('ok', `Exported ${x.nodes.length} nodes and ${x.edges.length} edges as eventgraph-${day()}-nodes.csv and -edges.csv.`);
});
$('select-by').addEventListener('change', (ev) => {
  const sel = ev.target as HTMLSelectElement;
  if (sel.value) graph.selectBy(sel.value as Parameters<GraphView['selectBy']>[0]);
  sel.value = '';
});

/** Undo (back = true) or redo: the canvas as it was, positions included. */
function travel(back: boolean): void {
  const present = graph.snapshot();
  const to = back ? undo.undo(present) : undo.redo(present);
  if (!to) return;
  graph.restore(to);
  if (currentPath && !(graph.has(currentPath[0]) && graph.has(currentPath[1]))) clearPath(false);
  afterChange();
  void inspect();
  status.set('info', `${back ? 'Undone' : 'Redone'}: ${graph.counts().nodes} nodes on the canvas.`);
}
$('btn-more').addEventListener('click', () => {
  const open = $('toolbar-more').classList.toggle('open');
  $('btn-more').setAttribute('aria-expanded', String(open));
});
$('btn-map').addEventListener('click', () => {
  const open = !map.open;
  map.setOpen(open);
  $('btn-map').setAttribute('aria-pressed', String(open));
  // The canvas changed size: Cytoscape must be told, and what was in view refitted.
  cy.resize();
  graph.fit();
  if (open) void updateMap();
});
$('btn-undo').addEventListener('click', () => travel(true));
$('btn-redo').addEventListener('click', () => travel(false));
document.addEventListener('keydown', (ev) => {
  const t = ev.target as HTMLElement;
  if (!(ev.ctrlKey || ev.metaKey) || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
  const k = ev.key.toLowerCase();
  if (k === 'z' && !ev.shiftKey) travel(true);
  else if ((k === 'z' && ev.shiftKey) || k === 'y') travel(false);
  else return;
  ev.preventDefault();
});
// A node dragged somewhere is a change too: undo puts it back.
let dragStart: Snapshot | null = null;
cy.on('grab', 'node', () => {
  dragStart = graph.snapshot();
});
cy.on('dragfree', 'node', () => {
  if (dragStart) undo.push(dragStart);
  dragStart = null;
  updateButtons();
});

showSources.addEventListener('change', () => {
  afterChange();
  if (graph.hasSources()) void graph.layout(false);
});

// ------------------------------------------------------------------ start

$('legend').innerHTML = legendHTML();

async function loadTimeline(): Promise<void> {
  await status.task('Loading the timeline', async () => {
    const { events, total } = await api.timelineEvents();
    timeline.setEvents(events, total);
  });
  // The histogram counts every event, not only the strip's newest 500.
  await status.task('Counting the events by month', async () => {
    const span = await api.eventSpan();
    if (!span) return;
    const bins = histogramBins(span.first, span.last);
    const counts = await api.eventCounts(bins);
    timeline.setHistogram(bins.map((b, i) => ({ ...b, count: counts[i] })));
  });
}

/** Rebuilds the view a URL describes: its nodes, the edges among them, selection, range and path. */
async function restore(st: ViewState): Promise<void> {
  timeline.set({ from: st.from, to: st.to }, false);
  showSources.checked = st.sources;
  legend.set(st.style ?? '', st.off ?? []);
  if (st.nodes.length) {
    restoring = true;
    keepUrl = true;
    const missing: string[] = [];
    try {
      await status.task(`Restoring ${st.nodes.length} node${st.nodes.length === 1 ? '' : 's'} from the link`, async () => {
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
        graph.add({ nodes, edges: [...edges.values()], truncated: false }, null, null);
        keepUrl = false;
        afterChange();
        // A saved view puts the nodes back where they were.
        if (!st.positions || !graph.place(st.positions)) await graph.layout(true);
      });
    } finally {
      restoring = false;
    }
    for (const id of st.selected) graph.select(id);
    afterChange();
    if (missing.length) status.set('info', `${missing.length} node${missing.length === 1 ? '' : 's'} in this link no longer exist${missing.length === 1 ? 's' : ''}: ${missing.join(', ')}.`);
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
const layout = (randomize: boolean) => graph.layout(randomize);
const addGraph = (sg: Subgraph, only: Set<string> | null, anchor: string | null) => graph.add(sg, only, anchor);
const relabel = () => graph.relabel();
const clusters = () => graph.clusterList().map((c) => ({ id: c.id, parent: c.parent, type: c.type, count: c.members.length }));
(window as unknown as { explorer: unknown }).explorer = { cy, ready, timeline, showNode, expand, findPath, layout, addGraph, afterChange, relabel, clusters, openCluster, views, map };
