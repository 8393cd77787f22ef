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

/** Text as compared for "exact": case, accents and spacing do not count (Turkiye is Türkiye). */
export function normalise(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * How well a hit's names match the query: 0 a name or alias is the query
 * (Zelensky, an alias of Volodymyr Zelenskyy), 1 one starts with it, 2 the
 * words are elsewhere (a title, a summary).
 */
export function exactness(q: string, h: SearchHit): number {
  const want = normalise(q);
  const names = [h.node.name, h.node.title, h.node.statement, ...(h.node.aliases ?? [])].filter((x): x is string => !!x).map(normalise);
  if (names.includes(want)) return 0;
  if (names.some((n) => n.startsWith(want))) return 1;
  return 2;
}

/** Exact names first, then names that start with the query, the service's order kept within each. */
export function rankHits(q: string, hits: SearchHit[]): SearchHit[] {
  return hits
    .map((h, i) => ({ h, i, x: exactness(q, h) }))
    .sort((a, b) => a.x - b.x || a.i - b.i)
    .map((r) => r.h);
}

/**
 * The order of the type groups: a type holding an exact name first ("Istanbul"
 * puts the city before forty events that mention it), then the legend's order.
 */
export function groupOrder(q: string, groups: Map<string, SearchHit[]>): string[] {
  const legend = Object.keys(TYPES);
  const best = (t: string) => Math.min(3, ...(groups.get(t) ?? []).map((h) => exactness(q, h)));
  return [...groups.keys()]
    .filter((t) => (groups.get(t) ?? []).length > 0)
    .sort((a, b) => best(a) - best(b) || (legend.indexOf(a) + 1 || 99) - (legend.indexOf(b) + 1 || 99));
}

/** Hits shown per type at first, and added by each "More". */
export const PAGE = 5;

interface Group {
  hits: SearchHit[];
  shown: number;
}

export class SearchBox {
  private readonly input = $('search-input') as HTMLInputElement;
  private readonly form = $('search-form');
  private readonly results = $('search-results');
  private readonly latest = new Latest();
  private typeTimer = 0;
  private lastQuery = '';
  private query = '';
  private groups = new Map<string, Group>();
  /** Types switched off by their filter button. */
  private off = new Set<string>();

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
      const t = ev.target as HTMLElement;
      const filter = t.closest<HTMLElement>('[data-filter]')?.dataset.filter;
      if (filter) {
        if (this.off.has(filter)) this.off.delete(filter);
        else this.off.add(filter);
        this.render();
        this.results.querySelector<HTMLElement>(`[data-filter="${filter}"]`)?.focus();
        return;
      }
      const more = t.closest<HTMLElement>('[data-more]')?.dataset.more;
      if (more) {
        void this.more(more);
        return;
      }
      const b = t.closest<HTMLElement>('[data-pick]');
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
      if (!this.results.hidden && t.isConnected && !this.results.contains(t) && !this.form.contains(t)) this.close();
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
    // One more than a page: when it comes back, the type has more to show.
    const want = Object.keys(TYPES).map((t) => [t, PAGE + 1] as [api.NodeType, number]);
    const found = await this.status.task(`Searching for “${q}”`, () => api.searchByType(q, want));
    if (found === undefined) this.lastQuery = '';
    if (!current() || found === undefined) return;
    this.query = q;
    this.off.clear();
    this.groups = new Map([...found].map(([t, hits]) => [t, { hits: rankHits(q, hits), shown: PAGE }]));
    this.results.hidden = false;
    if ([...found.values()].every((h) => h.length === 0)) {
      this.results.innerHTML = `<p class="none" role="status">Nothing found for “${esc(q)}”. Try another spelling or a shorter word.</p>`;
      this.status.set('empty', `Nothing found for “${q}”.`);
      return;
    }
    this.render();
  }

  /** The next page of one type: asked again with a larger first (search has no cursor), ranked again. */
  private async more(type: string): Promise<void> {
    const g = this.groups.get(type);
    if (!g) return;
    const q = this.query;
    const current = this.latest.begin();
    const asked = Math.min(api.SEARCH_MAX, g.shown + PAGE + 1);
    const found = await this.status.task(`Searching for more ${TYPES[type]?.name ?? type}s`, () => api.searchByType(q, [[type as api.NodeType, asked]]));
    if (!current() || found === undefined) return;
    const before = g.shown;
    this.groups.set(type, { hits: rankHits(q, found.get(type as api.NodeType) ?? []), shown: g.shown + PAGE });
    this.render();
    // Keep the keyboard where the reading goes on: the first new hit.
    this.results.querySelectorAll<HTMLButtonElement>(`section[data-type="${type}"] button[data-pick]`)[before]?.focus();
  }

  private render(): void {
    const hits = new Map([...this.groups].map(([t, g]) => [t, g.hits]));
    const order = groupOrder(this.query, hits);
    const count = (g: Group) => `${Math.min(g.shown, g.hits.length)}${this.hasMore(g) ? '+' : ''}`;
    let html = `<p class="small muted">Results for “${esc(this.query)}” by type, exact names first. Pick one to add it to the canvas.</p>`;
    html += '<div class="type-filters" role="group" aria-label="Types to show">';
    for (const t of order) {
      const g = this.groups.get(t)!;
      html += `<button type="button" data-filter="${esc(t)}" aria-pressed="${!this.off.has(t)}"><span class="dot" style="background:${TYPES[t]?.color ?? '#777'}"></span>${esc(TYPES[t]?.name ?? t)}s <span class="n">${count(g)}</span></button>`;
    }
    html += '</div>';
    for (const t of order) {
      if (this.off.has(t)) continue;
      const g = this.groups.get(t)!;
      const name = TYPES[t]?.name ?? t;
      html += `<section data-type="${esc(t)}"><h3>${esc(name)}s (${count(g)})</h3><ul>`;
      for (const h of g.hits.slice(0, g.shown)) {
        const color = nodeColor(h.type, h.node.actorKind ?? h.node.eventKind, h.node.stance);
        const exact = exactness(this.query, h) === 0 ? ' class="exact"' : '';
        html += `<li${exact}><button type="button" data-pick="${esc(h.node.id)}" data-label="${esc(hitLabel(h))}"><span class="dot" style="background:${color}"></span><span>${esc(truncate(hitLabel(h), 90))}</span><span class="sub">${esc(hitSub(h))}</span></button></li>`;
      }
      html += '</ul>';
      if (this.hasMore(g)) html += `<button type="button" class="more" data-more="${esc(t)}">More ${esc(name.toLowerCase())}s</button>`;
      html += '</section>';
    }
    this.results.innerHTML = html;
  }

  /** Each request asks for one more than it shows: a hit beyond the shown ones means more. */
  private hasMore(g: Group): boolean {
    return g.hits.length > g.shown;
  }

  close(): void {
    this.results.hidden = true;
  }
}
