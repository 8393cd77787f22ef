// Saved views: a name and the view's query (urlstate.ts: nodes, positions,
// selection, time range, path, sources, style legend), kept in the browser
// (localStorage) and each one a link that can be sent: opening it restores
// the nodes where they were. The list operations are pure (tests/unit);
// SavedViews owns the panel.

import { $, esc } from './util';

export interface SavedView {
  name: string;
  /** The query string, without '?'. */
  query: string;
  /** When it was saved (ISO). */
  saved: string;
}

const KEY = 'eventgraph.views';
const MAX_VIEWS = 100;

/** Adds or replaces (same name) a view; the newest first. */
export function upsertView(list: SavedView[], v: SavedView): SavedView[] {
  const name = v.name.trim().slice(0, 80);
  if (!name) throw new Error('A saved view needs a name.');
  return [{ ...v, name }, ...list.filter((o) => o.name !== name)].slice(0, MAX_VIEWS);
}

export function removeView(list: SavedView[], name: string): SavedView[] {
  return list.filter((v) => v.name !== name);
}

/** The stored list; anything damaged (not JSON, wrong shapes) is left out. */
export function parseViews(raw: string | null): SavedView[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    if (!Array.isArray(v)) return [];
    return v.filter((x) => x && typeof x.name === 'string' && typeof x.query === 'string' && typeof x.saved === 'string');
  } catch {
    return [];
  }
}

export class SavedViews {
  private readonly list = $('views-list');
  private readonly name = $('view-name') as HTMLInputElement;
  private readonly note = $('views-note');

  /** `query` gives the current view's query, positions included. */
  constructor(private readonly query: () => string) {
    $('views-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.save(this.name.value);
    });
    this.list.addEventListener('click', (ev) => {
      const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-act]');
      if (!b) return;
      const name = b.dataset.name!;
      if (b.dataset.act === 'delete') {
        this.write(removeView(this.read(), name));
        this.say(`Deleted “${name}”.`);
      } else if (b.dataset.act === 'copy') {
        const v = this.read().find((x) => x.name === name);
        if (v) void this.copy(this.url(v));
      }
    });
    this.render();
  }

  url(v: SavedView): string {
    return `${location.origin}${location.pathname}${v.query ? `?${v.query}` : ''}`;
  }

  private read(): SavedView[] {
    try {
      return parseViews(localStorage.getItem(KEY));
    } catch {
      return [];
    }
  }

  private write(list: SavedView[]): void {
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
    } catch {
      this.say('This browser does not keep saved views (storage is off or full).');
    }
    this.render();
  }

  save(name: string): void {
    if (!name.trim()) {
      this.say('Give the view a name.');
      this.name.focus();
      return;
    }
    const list = upsertView(this.read(), { name, query: this.query(), saved: new Date().toISOString() });
    this.write(list);
    this.name.value = '';
    this.say(`Saved “${name.trim()}”.`);
  }

  private async copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.say('Link copied.');
    } catch {
      // No clipboard (an insecure origin, a denied permission): show it to copy by hand.
      this.say(url);
    }
  }

  private say(msg: string): void {
    this.note.textContent = msg;
  }

  private render(): void {
    const views = this.read();
    this.list.innerHTML = views.length
      ? views
          .map((v) => {
            const n = new URLSearchParams(v.query).get('n')?.split(',').length ?? 0;
            return `<li><a href="${esc(this.url(v))}" title="Open this view (saved ${esc(v.saved.slice(0, 16).replace('T', ' '))})">${esc(v.name)}</a> <span class="muted small">${n} node${n === 1 ? '' : 's'}</span> <button type="button" class="linkish" data-act="copy" data-name="${esc(v.name)}">Copy link</button> <button type="button" class="linkish" data-act="delete" data-name="${esc(v.name)}" aria-label="Delete the view ${esc(v.name)}">Delete</button></li>`;
          })
          .join('')
      : '<li class="muted small">No saved views yet.</li>';
  }
}
