// The graph view: the Cytoscape canvas and everything drawn on it. It adds
// subgraphs (new nodes placed near an anchor, so that an incremental layout
// moves the old ones little), lays out, filters by time range and type,
// highlights a path, keeps the order of the selection and takes the
// canvas's keys. It fetches nothing: main.ts asks the API and hands it the
// answers; it tells main.ts when the selection changes and when a node
// should be expanded or dismissed.

import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, LayoutOptions, NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { Subgraph } from './api';
import { clusterLabel, isClusterId, mergeCluster, openPage } from './clusters';
import type { Cluster, Grouped } from './clusters';
import { edgeData, edgeKey, nodeData, str } from './elements';
import { chooseLabels, importance, labelFont } from './labels';
import type { LabelBox } from './labels';
import { layoutOptions, zoomAfterFit } from './layout';
import type { ExportEdge, ExportNode } from './exportfmt';
import type { Styled } from './styleby';
import { stylesheet } from './styles';
import { inRange } from './timeline';
import type { Range } from './timeline';
import { $ } from './util';

cytoscape.use(fcose);

// Text widths in the canvas's font (Cytoscape's default family), for label boxes.
const measurer = document.createElement('canvas').getContext('2d');
const widths = new Map<string, number>();
function textWidth(text: string, size: number): number {
  let w = widths.get(text);
  if (w === undefined) {
    if (measurer) measurer.font = '11px "Helvetica Neue", Helvetica, sans-serif';
    w = measurer ? measurer.measureText(text).width : text.length * 7;
    widths.set(text, w);
  }
  return (w * size) / 11;
}

export interface GraphViewEvents {
  /** The selection changed (once per tap, not once per select and unselect). */
  onSelection: () => void;
  onExpand: (ids: string[]) => void;
  onDismiss: (ids: string[]) => void;
  /** A cluster node was clicked: draw its next members. */
  onOpenCluster: (id: string) => void;
}

/** What undo and redo keep of the canvas: its elements with their positions, and the clusters' members. */
export interface Snapshot {
  elements: ElementDefinition[];
  clusters: Cluster[];
}

export class GraphView {
  readonly cy: Core;
  private readonly selOrder: string[] = [];
  /** The clusters drawn, by their node's id: what each still holds. */
  private readonly clusters = new Map<string, Cluster>();
  private selTimer = 0;
  private labelTimer = 0;

  constructor(private readonly on: GraphViewEvents) {
    this.cy = cytoscape({
      container: $('cy'),
      style: stylesheet(),
      minZoom: 0.08,
      maxZoom: 4,
      boxSelectionEnabled: true,
      selectionType: 'single',
    });
    const cy = this.cy;
    cy.on('select', 'node', (e) => {
      this.forget(e.target.id());
      this.selOrder.push(e.target.id());
      this.selectionChanged();
    });
    cy.on('unselect', 'node', (e) => {
      this.forget(e.target.id());
      this.selectionChanged();
    });
    cy.on('select unselect', 'edge', () => this.selectionChanged());
    cy.on('dbltap', 'node', (e) => {
      if (!isClusterId(e.target.id())) this.on.onExpand([e.target.id()]);
    });
    cy.on('tap', 'node[type="CLUSTER"]', (e) => this.on.onOpenCluster(e.target.id()));
    // Labels follow the zoom (semantic zoom), and what is drawn.
    cy.on('viewport add remove layoutstop dragfree', () => this.relabelSoon());
    cy.on('mouseover', 'node, edge', (e) => e.target.addClass('hover'));
    cy.on('mouseout', 'node, edge', (e) => e.target.removeClass('hover'));
    $('cy').addEventListener('keydown', (ev) => this.key(ev));
  }

  private forget(id: string): void {
    const i = this.selOrder.indexOf(id);
    if (i >= 0) this.selOrder.splice(i, 1);
  }

  private selectionChanged(): void {
    // A tap unselects the old node and selects the new one: handle both at once.
    clearTimeout(this.selTimer);
    this.selTimer = window.setTimeout(() => {
      const sel = this.selected();
      this.cy.batch(() => {
        this.cy.edges('.near').removeClass('near');
        for (const n of sel) n.connectedEdges().addClass('near');
      });
      this.relabel();
      this.on.onSelection();
    }, 0);
  }

  private relabelSoon(): void {
    clearTimeout(this.labelTimer);
    this.labelTimer = window.setTimeout(() => this.relabel(), 60);
  }

  /**
   * Semantic zoom: every drawn node label at least 10.5 px high on screen
   * (its font grows in model units as the view zooms out), and no two
   * overlapping: the most important keep theirs (chooseLabels). On a dense
   * canvas edge labels are drawn only for the selection, a path, and under
   * the pointer.
   */
  relabel(): void {
    clearTimeout(this.labelTimer);
    const cy = this.cy;
    const zoom = cy.zoom();
    const pan = cy.pan();
    const f = labelFont(zoom);
    const scale = f / 11;
    const shown = cy.nodes().filter((n) => n.visible());
    cy.batch(() => {
      shown.style({ 'font-size': f, 'text-max-width': `${Math.round(140 * scale)}px`, 'text-margin-y': 4 * scale });
    });
    // The label's box is computed from its text, not read from Cytoscape:
    // a label not drawn has no box there. Generous (wider and taller than
    // drawn), so that labels kept apart here are apart on screen.
    const near = new Set(cy.edges('.near').connectedNodes().map((n) => n.id()));
    const boxes: LabelBox[] = [];
    const maxW = 140 * scale;
    shown.forEach((n) => {
      const text = String(n.data('display') ?? '');
      if (!text) return;
      let lines = 0;
      let w = 0;
      // A selected node's label is bold (styles.ts): wider than measured.
      const bold = n.selected() ? 1.12 : 1;
      for (const line of text.split('\n')) {
        const lw = textWidth(line, f) * bold;
        lines += Math.max(1, Math.ceil(lw / maxW));
        w = Math.max(w, Math.min(lw, maxW));
      }
      const p = n.position();
      const outline = 2.5 * scale;
      const top = p.y + n.height() / 2 + 4 * scale - outline;
      const half = (w * 1.08) / 2 + outline;
      boxes.push({
        id: n.id(),
        x1: (p.x - half) * zoom + pan.x,
        y1: top * zoom + pan.y,
        x2: (p.x + half) * zoom + pan.x,
        // Cytoscape's box for one line is about 1.8 times the font high with
        // the outline (measured: 20 px at 11 px): the extra quarter line keeps
        // a one-line label off the two-line label of an event below it.
        y2: (top + lines * f * 1.3 + f * 0.25 + 2 * outline) * zoom + pan.y,
        // A cluster's count says what is not drawn: it outranks any node
        // held up by its degree alone.
        importance: importance({ selected: n.selected(), onPath: n.hasClass('path'), nearSelected: near.has(n.id()), degree: n.degree(false) + (n.data('type') === 'CLUSTER' ? 5000 : 0) }),
      });
    });
    const kept = chooseLabels(boxes);
    const dense = cy.edges(':visible').length > 60;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        if (kept.has(n.id())) n.removeClass('nolabel');
        else n.addClass('nolabel');
      });
      cy.edges('.quiet').removeClass('quiet');
      if (dense) cy.edges().not('.near, .path').addClass('quiet');
    });
  }

  /** The selected nodes, in the order they were selected. */
  selected(): NodeSingular[] {
    return this.selOrder.map((id) => this.cy.getElementById(id)).filter((n) => n.nonempty() && n.selected()) as NodeSingular[];
  }

  has(id: string): boolean {
    return this.cy.getElementById(id).nonempty();
  }

  label(id: string): string {
    return (this.cy.getElementById(id).data('label') as string | undefined) ?? id;
  }

  /** The nodes shown, clusters left out (they are not nodes of the graph). */
  ids(): string[] {
    return this.cy.nodes().filter((n) => !isClusterId(n.id())).map((n) => n.id());
  }

  isCluster(id: string): boolean {
    return this.clusters.has(id);
  }

  /** The clusters drawn, for the status line and the tests. */
  clusterList(): Cluster[] {
    return [...this.clusters.values()];
  }

  /**
   * Adds a grouped answer (clusters.ts): what is drawn as it is, and each
   * cluster as one counted node beside its parent; a cluster already drawn
   * takes the new members. Returns the ids of the nodes added.
   */
  addGrouped(g: Grouped, anchor: string | null): string[] {
    const added = this.add(g.drawn, null, anchor);
    const cy = this.cy;
    for (const c of g.clusters) {
      const parent = cy.getElementById(c.parent);
      if (parent.empty()) continue;
      const fresh = { ...c, members: c.members.filter((m) => cy.getElementById(m.id).empty()) };
      const old = this.clusters.get(c.id);
      const merged = old ? mergeCluster(old, fresh) : fresh;
      if (merged.members.length === 0) continue;
      this.clusters.set(c.id, merged);
      if (old) {
        cy.getElementById(c.id).data(this.clusterData(merged));
        continue;
      }
      const p = (parent as NodeSingular).position();
      const a = Math.random() * Math.PI * 2;
      cy.add([
        { group: 'nodes', data: this.clusterData(merged), position: { x: p.x + Math.cos(a) * 90, y: p.y + Math.sin(a) * 90 }, selectable: false },
        { group: 'edges', data: { id: `k:${c.id}`, source: c.parent, target: c.id, type: 'CLUSTER', display: '' } },
      ]);
      added.push(c.id);
    }
    return added;
  }

  private clusterData(c: Cluster): Record<string, unknown> {
    const n = c.members.length;
    const color = this.cy.getElementById(c.parent).nonempty() ? undefined : '#888';
    const first = c.members[0];
    return {
      id: c.id,
      type: 'CLUSTER',
      ofType: c.type,
      parent_: c.parent,
      count: n,
      label: clusterLabel(c.type, n),
      display: clusterLabel(c.type, n),
      // The members' colour when they share a type (events vary by class: grey).
      color: color ?? (c.type === 'EVENT' ? '#8d96a0' : nodeData(first).color),
      size: Math.min(64, 30 + Math.log2(n) * 4),
    };
  }

  /** Draws the next page of a cluster's members (most active first); the cluster shrinks, and goes when empty. Returns the ids added. */
  openCluster(id: string): string[] {
    const c = this.clusters.get(id);
    if (!c) return [];
    const { drawn, rest } = openPage(c);
    const added = this.add(drawn, null, id);
    if (rest) {
      this.clusters.set(id, rest);
      this.cy.getElementById(id).data(this.clusterData(rest));
    } else {
      this.clusters.delete(id);
      this.cy.getElementById(id).remove();
    }
    return added;
  }

  /** The canvas as it is now, for undo. */
  snapshot(): Snapshot {
    return { elements: this.cy.elements().jsons() as unknown as ElementDefinition[], clusters: [...this.clusters.values()] };
  }

  /** Puts the canvas back as a snapshot had it (positions, selection, classes included). */
  restore(s: Snapshot): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(s.elements);
    });
    this.clusters.clear();
    for (const c of s.clusters) this.clusters.set(c.id, c);
    this.selOrder.length = 0;
    cy.nodes(':selected').forEach((n) => {
      this.selOrder.push(n.id());
    });
    this.relabelSoon();
  }

  /**
   * Adds a subgraph's nodes (all, or only those in `only`) and every edge whose
   * ends are both on the canvas. New nodes start near `anchor`. Returns the ids added.
   */
  add(sg: Subgraph, only: Set<string> | null, anchor: string | null): string[] {
    const cy = this.cy;
    const at = this.anchorPosition(anchor, sg);
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

  private anchorPosition(anchor: string | null, sg: Subgraph): { x: number; y: number } {
    const cy = this.cy;
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

  async layout(randomize: boolean): Promise<void> {
    // Only what is drawn: an edge to a hidden node must not enter the layout
    // (Cytoscape cannot route it and throws).
    const shown = this.cy.nodes().not('.time-hidden, .type-hidden, .legend-hidden');
    const eles = shown.union(shown.edgesWith(shown));
    if (shown.length === 0) return;
    const l = eles.layout(layoutOptions(shown.length, randomize) as unknown as LayoutOptions);
    const done = l.promiseOn('layoutstop');
    l.run();
    await done;
    const z = zoomAfterFit(this.cy.zoom());
    if (z !== this.cy.zoom()) {
      this.cy.zoom(z);
      this.cy.center(eles);
    }
  }

  /** Removes nodes and their edges. */
  remove(ids: string[]): void {
    const idSet = new Set(ids);
    this.cy.nodes().filter((n) => idSet.has(n.id())).remove();
    for (const id of ids) this.forget(id);
    // A cluster goes with its parent.
    for (const [cid, c] of this.clusters) {
      if (idSet.has(cid) || idSet.has(c.parent)) {
        this.clusters.delete(cid);
        this.cy.getElementById(cid).remove();
      }
    }
  }

  clear(): void {
    this.cy.elements().remove();
    this.selOrder.length = 0;
    this.clusters.clear();
  }

  select(id: string): void {
    this.cy.getElementById(id).select();
  }

  /** Selects one node alone and brings it to the middle. */
  focus(id: string): void {
    const cy = this.cy;
    const n = cy.getElementById(id);
    if (n.empty()) return;
    cy.nodes(':selected').unselect();
    cy.edges(':selected').unselect();
    n.select();
    cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 0.9) }, { duration: 250 });
  }

  /** Outlines just-added nodes for a moment. */
  markFresh(ids: string[]): void {
    const set = new Set(ids);
    const fresh = this.cy.nodes().filter((n) => set.has(n.id()));
    fresh.addClass('fresh');
    setTimeout(() => fresh.removeClass('fresh'), 1000);
  }

  /**
   * Hides source nodes unless asked for; then events outside the time range,
   * and whatever hangs only on them (a participant whose every link is to a
   * hidden event), repeated until nothing more goes. Undated events and
   * unlinked nodes stay.
   */
  applyFilters(r: Range, showSources: boolean): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements('.time-hidden').removeClass('time-hidden');
      cy.elements('.type-hidden').removeClass('type-hidden');
      if (!showSources) cy.nodes('[type="SOURCE"]').addClass('type-hidden');
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
    this.relabelSoon();
  }

  /** The nodes for the side list, type then label. */
  listed(): { id: string; label: string; type: string; color: string; sel: boolean; hidden: boolean }[] {
    return this.cy
      .nodes()
      .filter((n) => !isClusterId(n.id()))
      .map((n) => ({ id: n.id(), label: n.data('label') as string, type: n.data('type') as string, color: n.data('color') as string, sel: n.selected(), hidden: n.hasClass('time-hidden') || n.hasClass('type-hidden') || n.hasClass('legend-hidden') }))
      .sort((a, b) => a.type.localeCompare(b.type) || a.label.localeCompare(b.label));
  }

  /** The nodes as the style legend reads them (a cluster as its members' type). */
  styled(): Styled[] {
    return this.cy.nodes().map((n) => this.styledOf(n));
  }

  private styledOf(n: NodeSingular): Styled {
    return n.data('type') === 'CLUSTER' ? { type: n.data('ofType'), props: {} } : { type: n.data('type'), props: n.data('props') ?? {} };
  }

  /** Colours the nodes by the legend (null: the palette's colour) and hides what it switches off. */
  applyLegend(color: (n: Styled) => string | null, hidden: (n: Styled) => boolean): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const s = this.styledOf(n);
        if (n.data('color0') === undefined) n.data('color0', n.data('color'));
        const c = n.data('type') === 'CLUSTER' ? null : color(s);
        if (n.data('color') !== (c ?? n.data('color0'))) n.data('color', c ?? n.data('color0'));
        if (hidden(s)) n.addClass('legend-hidden');
        else n.removeClass('legend-hidden');
      });
    });
    this.relabelSoon();
  }

  /** What is drawn (not what filters hide), for export: nodes with positions, edges with their properties. */
  exportable(): { nodes: ExportNode[]; edges: ExportEdge[] } {
    const drawn = this.cy.nodes(':visible').filter((n) => !isClusterId(n.id()));
    const ids = new Set(drawn.map((n) => n.id()));
    const nodes = drawn.map((n) => ({ id: n.id(), type: n.data('type'), label: n.data('label'), x: (n as NodeSingular).position().x, y: (n as NodeSingular).position().y, properties: n.data('props') ?? {} }));
    const edges: ExportEdge[] = [];
    this.cy.edges(':visible').forEach((e) => {
      if (!ids.has(e.source().id()) || !ids.has(e.target().id())) return;
      // A citation pair drawn as one edge is one edge per quote in the graph.
      const eids = (e.data('eids') as string[] | undefined) ?? [e.data('eid') ?? e.id()];
      const quotes = (e.data('quotes') as string[] | undefined) ?? [];
      eids.forEach((id, i) => edges.push({ id, type: e.data('type'), source: e.source().id(), target: e.target().id(), properties: e.data('type') === 'CITED_IN' && quotes[i] !== undefined ? { ...e.data('props'), quote: quotes[i] } : e.data('props') ?? {} }));
    });
    return { nodes, edges };
  }

  /** Positions of the shown nodes, rounded, for a saved view. */
  positions(): Record<string, [number, number]> {
    const out: Record<string, [number, number]> = {};
    this.cy.nodes().forEach((n) => {
      if (isClusterId(n.id())) return;
      const p = n.position();
      out[n.id()] = [Math.round(p.x), Math.round(p.y)];
    });
    return out;
  }

  /** Moves nodes to saved positions and fits them; false when some node had none (lay out instead). */
  place(pos: Record<string, [number, number]>): boolean {
    let all = true;
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const p = pos[n.id()];
        if (p) n.position({ x: p[0], y: p[1] });
        else if (!isClusterId(n.id())) all = false;
      });
    });
    if (all) this.cy.fit(this.cy.elements(':visible'), 40);
    return all;
  }

  /** Multi-select: all, none, the inverse, every node of the selection's types, or the selection's neighbours too. */
  selectBy(how: 'all' | 'none' | 'invert' | 'type' | 'neighbours'): void {
    const cy = this.cy;
    const nodes = cy.nodes(':visible').filter((n) => !isClusterId(n.id()));
    const sel = nodes.filter((n) => n.selected());
    let want = sel;
    if (how === 'all') want = nodes;
    else if (how === 'none') want = nodes.filter(() => false);
    else if (how === 'invert') want = nodes.not(sel);
    else if (how === 'type') {
      const types = new Set(sel.map((n) => n.data('type')));
      want = nodes.filter((n) => types.has(n.data('type')));
    } else if (how === 'neighbours') want = sel.union(sel.neighborhood('node').intersection(nodes));
    cy.batch(() => {
      cy.elements(':selected').not(want).unselect();
      want.not(':selected').select();
    });
  }

  /** The events on the canvas with their dates, for the timeline. */
  events(): { id: string; start?: string; end?: string }[] {
    return this.cy.nodes('[type="EVENT"]').map((n) => ({ id: n.id(), start: n.data('start'), end: n.data('end') }));
  }

  hasSources(): boolean {
    return this.cy.nodes('[type="SOURCE"]').nonempty();
  }

  counts(): { nodes: number; edges: number; timeHidden: number; typeHidden: number } {
    return { nodes: this.ids().length, edges: this.cy.edges('[type!="CLUSTER"]').length, timeHidden: this.cy.nodes('.time-hidden').length, typeHidden: this.cy.nodes('.type-hidden').length };
  }

  /** Highlights a path's nodes and edges, fades the rest and fits the path. */
  highlightPath(sg: Subgraph): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().addClass('faded');
      for (const n of sg.nodes) cy.getElementById(n.id).removeClass('faded').addClass('path');
      for (const e of sg.edges) cy.getElementById(edgeKey(e)).removeClass('faded').addClass('path');
    });
    cy.animate({ fit: { eles: cy.elements('.path'), padding: 60 } }, { duration: 300 });
    this.relabel();
  }

  clearPath(): void {
    this.cy.elements().removeClass('faded path');
    this.relabel();
  }

  fit(): void {
    this.cy.animate({ fit: { eles: this.cy.elements(':visible'), padding: 40 } }, { duration: 250 });
  }

  zoomBy(f: number): void {
    const cy = this.cy;
    cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  /** The whole canvas as a PNG, or null when it is empty. */
  async png(): Promise<Blob | null> {
    if (this.cy.nodes().length === 0) return null;
    return this.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
  }

  private key(ev: KeyboardEvent): void {
    const pan = 60;
    const cy = this.cy;
    const sel = () => this.selected().map((n) => n.id());
    switch (ev.key) {
      case 'Delete':
      case 'Backspace':
        this.on.onDismiss(sel());
        break;
      case 'Enter':
        this.on.onExpand(sel());
        break;
      case '+':
      case '=':
        this.zoomBy(1.25);
        break;
      case '-':
        this.zoomBy(0.8);
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
  }
}
