// The inspector as a component: shows the selected node (its details from
// the API, with possible duplicates for actors and locations) or edge (its
// properties and the sources behind it), and turns its buttons into
// requests to main.ts: show a node, expand, dismiss, path from or to here.
// What it shows is rendered by inspector.ts.

import * as api from './api';
import type { EdgeSingular, NodeSingular } from 'cytoscape';
import { Duplicates } from './duplicates';
import { renderEdge, renderNode } from './inspector';
import { Latest } from './latest';
import { describe } from './status';
import type { StatusBar } from './status';
import { $, esc } from './util';

export interface InspectorEvents {
  onShow: (id: string, label?: string) => void;
  onExpand: (id: string) => void;
  onDismiss: (id: string) => void;
  onPathFrom: (id: string) => void;
  onPathTo: (id: string) => void;
  /** A duplicate was merged into the inspected node: it is gone from the graph. */
  onMerged: (mergedId: string) => void;
}

export class Inspector {
  private readonly el = $('inspector');
  private readonly latest = new Latest();
  private readonly duplicates: Duplicates;

  constructor(
    private readonly status: StatusBar,
    on: InspectorEvents,
  ) {
    this.duplicates = new Duplicates(
      (_keepId, mergedId) => on.onMerged(mergedId),
      (id, label) => on.onShow(id, label),
    );
    this.el.addEventListener('click', (ev) => {
      const t = (ev.target as HTMLElement).closest<HTMLElement>('[data-show],[data-action]');
      if (!t) return;
      if (t.dataset.show) {
        on.onShow(t.dataset.show, t.textContent ?? undefined);
        return;
      }
      const id = t.dataset.id ?? '';
      switch (t.dataset.action) {
        case 'expand':
          on.onExpand(id);
          break;
        case 'dismiss':
          on.onDismiss(id);
          break;
        case 'path-from':
          on.onPathFrom(id);
          break;
        case 'path-to':
          on.onPathTo(id);
          break;
      }
    });
  }

  /** Shows the edge when one is selected (and no node, or the edge came last), else the node, else a hint. */
  async show(node: NodeSingular | undefined, edge: EdgeSingular | undefined): Promise<void> {
    const current = this.latest.begin();
    if (edge && (!node || edge.selected())) return this.showEdge(edge, current);
    if (!node) {
      this.el.innerHTML = '<p class="muted">Select a node or an edge to see its properties and sources.</p>';
      return;
    }
    const id = node.id();
    this.el.innerHTML = `<p class="muted">Loading ${esc(node.data('label'))}…</p>`;
    this.status.setBusy(1);
    try {
      const d = await api.inspectNode(id);
      if (!current()) return;
      this.el.innerHTML = d ? renderNode(d, node.data('props')) : `<p>No node with id <code>${esc(id)}</code> exists any more.</p>`;
      if (d && (d.__typename === 'Actor' || d.__typename === 'Location')) {
        const section = document.createElement('section');
        section.className = 'duplicates';
        this.el.appendChild(section);
        void this.duplicates.show(section, d.__typename === 'Actor' ? 'ACTOR' : 'LOCATION', id, () => !current());
      }
    } catch (e) {
      if (!current()) return;
      this.el.innerHTML = `<p class="error" role="alert">${esc(describe(e))}</p>`;
      this.status.set('error', `Loading the details of ${node.data('label')} failed. ${describe(e)}`, () => void this.show(node, edge));
    } finally {
      this.status.setBusy(-1);
    }
  }

  private async showEdge(edge: EdgeSingular, current: () => boolean): Promise<void> {
    const view = {
      id: edge.data('eid') as string,
      type: edge.data('type') as string,
      source: { id: edge.source().id(), label: edge.source().data('label') as string },
      target: { id: edge.target().id(), label: edge.target().data('label') as string },
      properties: (edge.data('props') ?? {}) as Record<string, unknown>,
      quotes: (edge.data('quotes') ?? []) as string[],
    };
    const ids = Array.isArray(view.properties.sourceIds) ? (view.properties.sourceIds as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    this.el.innerHTML = renderEdge(view, ids.length ? null : []);
    if (!ids.length) return;
    this.status.setBusy(1);
    try {
      const sources = await api.sourcesByIds(ids);
      if (current()) this.el.innerHTML = renderEdge(view, sources);
    } catch (e) {
      if (current()) this.status.set('error', `Loading the sources of this relationship failed. ${describe(e)}`);
    } finally {
      this.status.setBusy(-1);
    }
  }
}
