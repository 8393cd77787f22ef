// The search box: full-text search as the analyst types (or on Enter), the
// results grouped by type, picked with the mouse or ↑/↓ and Enter. It says
// which node was picked; main.ts puts it on the canvas.

import * as api from './api';
import type { SearchHit } from './api';
import { Latest } from './latest';
import type { StatusBar } from './status';
import { nodeColor, TYPES } from './styles';
import { $, esc, truncate } from './util';

export function hitLabel(h: SearchHit): string {
  return h.node.name ?? h.node.title ?? h.node.statement ?? h.node.id;
}

/** The line under a hit: kinds, dates, stance and aliases, as words. */
export function hitSub(h: SearchHit): string {
  const n = h.node;
  const bits = [n.actorKind, n.eventKind, n.startDate, n.locationKind, n.stance, n.likelihood, n.publishedAt].filter(Boolean) as string[];
  if (n.aliases?.length) bits.push(`also ${n.aliases.join(', ')}`);
  return bits.map((b) => b.replace(/_/g, ' ').toLowerCase()).join(' · ');
}

/** Hits grouped by type, in the legend's order of types, each keeping the service's order. */
export function groupHits(hits: SearchHit[]): [string, SearchHit[]][] {
  const groups = new Map<string, SearchHit[]>();
  for (const h of hits) groups.set(h.type, [...(groups.get(h.type) ?? []), h]);
  const order = Object.keys(TYPES);
  return [...groups.entries()].sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
}

export class SearchBox {
  private readonly input = $('search-input') as HTMLInputElement;
  private readonly form = $('search-form');
  private readonly results = $('search-results');
  private readonly latest = new Latest();
  private typeTimer = 0;
  private lastQuery = '';

  constructor(
    private readonly status: StatusBar,
    private readonly onPick: (id: string, label: string | undefined) => void,
  ) {
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.search(this.input.value);
    });
    this.input.addEventListener('input', () => {
      clearTimeout(this.typeTimer);
      const q = this.input.value.trim();
      if (q.length < 2) return;
      this.typeTimer = window.setTimeout(() => void this.search(q), 350);
    });
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown' && !this.results.hidden) {
        this.results.querySelector<HTMLButtonElement>('button[data-pick]')?.focus();
        ev.preventDefault();
      } else if (ev.key === 'Escape') this.close();
    });
    this.results.addEventListener('click', (ev) => {
      const b = (ev.target as HTMLElement).closest<HTMLElement>('[data-pick]');
      if (!b?.dataset.pick) return;
      this.close();
      this.onPick(b.dataset.pick, b.dataset.label);
    });
    this.results.addEventListener('keydown', (ev) => {
      const all = [...this.results.querySelectorAll<HTMLButtonElement>('button[data-pick]')];
      const i = all.indexOf(document.activeElement as HTMLButtonElement);
      if (ev.key === 'ArrowDown' && i < all.length - 1) all[i + 1].focus();
      else if (ev.key === 'ArrowUp') (i > 0 ? all[i - 1] : this.input).focus();
      else if (ev.key === 'Escape') {
        this.close();
        this.input.focus();
      } else return;
      ev.preventDefault();
    });
    document.addEventListener('click', (ev) => {
      const t = ev.target as HTMLElement;
      if (!this.results.hidden && !this.results.contains(t) && !this.form.contains(t)) this.close();
    });
    document.querySelector('.skip')?.addEventListener('click', (ev) => {
      ev.preventDefault();
      this.input.focus();
    });
    for (const b of document.querySelectorAll<HTMLElement>('[data-try]')) {
      b.addEventListener('click', () => {
        this.input.value = b.dataset.try ?? '';
        void this.search(this.input.value);
      });
    }
  }

  async search(q: string): Promise<void> {
    q = q.trim();
    clearTimeout(this.typeTimer);
    if (!q) return;
    if (q === this.lastQuery && !this.results.hidden) return;
    this.lastQuery = q;
    const current = this.latest.begin();
    const hits = await this.status.task(`Searching for “${q}”`, () => api.search(q, 40));
    if (hits === undefined) this.lastQuery = '';
    if (!current() || hits === undefined) return;
    this.results.hidden = false;
    if (hits.length === 0) {
      this.results.innerHTML = `<p class="none" role="status">Nothing found for “${esc(q)}”. Try another spelling or a shorter word.</p>`;
      this.status.set('empty', `Nothing found for “${q}”.`);
      return;
    }
    let html = `<p class="small muted">${hits.length} result${hits.length === 1 ? '' : 's'} for “${esc(q)}”. Pick one to add it to the canvas.</p>`;
    for (const [type, g] of groupHits(hits)) {
      html += `<section data-type="${esc(type)}"><h3>${esc(TYPES[type]?.name ?? type)}s (${g.length})</h3><ul>`;
      for (const h of g) {
        const color = nodeColor(h.type, h.node.actorKind ?? h.node.eventKind, h.node.stance);
        html += `<li><button type="button" data-pick="${esc(h.node.id)}" data-label="${esc(hitLabel(h))}"><span class="dot" style="background:${color}"></span><span>${esc(truncate(hitLabel(h), 90))}</span><span class="sub">${esc(hitSub(h))}</span></button></li>`;
      }
      html += '</ul></section>';
    }
    this.results.innerHTML = html;
  }

  close(): void {
    this.results.hidden = true;
  }
}
