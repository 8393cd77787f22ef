// The expansion preview: before a deep or large expansion is drawn, what it
// would add, by type (drawn, or held in clusters), with a checkbox per type
// and Draw / Cancel. Nothing is on the canvas until Draw. The counts come
// from clusters.ts's preview of the fetched answer; main.ts draws it.

import { clusterLabel } from './clusters';
import type { Preview } from './clusters';
import { $, esc } from './util';

/** The preview's lines, one per type: "12 actors", "184 events (in 3 clusters)". Pure, for the unit tests. */
export function previewLines(p: Preview): { type: string; text: string }[] {
  return p.byType.map((r) => {
    const n = r.drawn + r.clustered;
    const held = r.clustered ? (r.drawn ? `, ${r.clustered.toLocaleString('en-US')} of them in clusters` : ', in clusters') : '';
    return { type: r.type, text: `${clusterLabel(r.type, n)}${held}` };
  });
}

/** The preview's headline. */
export function previewTitle(what: string, p: Preview, truncated: boolean): string {
  const n = p.byType.reduce((s, r) => s + r.drawn + r.clustered, 0);
  if (n === 0) return `${what} adds nothing that is not already shown.`;
  const drawn = `${p.nodes.toLocaleString('en-US')} node${p.nodes === 1 ? '' : 's'}${p.clusters ? ` and ${p.clusters} cluster${p.clusters === 1 ? '' : 's'}` : ''}`;
  return `${what} would add ${n.toLocaleString('en-US')} node${n === 1 ? '' : 's'}: drawn as ${drawn}.${truncated ? ' The service stopped at its limit; there is more.' : ''}`;
}

export class ExpandPreview {
  private readonly el = $('expand-preview');
  private draw: ((types: Set<string>) => void) | null = null;

  constructor() {
    this.el.addEventListener('click', (ev) => {
      const act = (ev.target as HTMLElement).closest<HTMLElement>('[data-act]')?.dataset.act;
      if (act === 'draw') {
        const types = new Set([...this.el.querySelectorAll<HTMLInputElement>('input[data-type]')].filter((i) => i.checked).map((i) => i.dataset.type!));
        const go = this.draw;
        this.hide();
        go?.(types);
      } else if (act === 'cancel') this.hide();
    });
    this.el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') this.hide();
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  show(what: string, p: Preview, truncated: boolean, draw: (types: Set<string>) => void): void {
    this.draw = draw;
    const rows = previewLines(p)
      .map((l) => `<label><input type="checkbox" data-type="${esc(l.type)}" checked> ${esc(l.text)}</label>`)
      .join('');
    const empty = p.byType.length === 0;
    this.el.innerHTML = `<p id="preview-title">${esc(previewTitle(what, p, truncated))}</p>${rows ? `<div class="preview-types">${rows}</div>` : ''}<div class="preview-actions">${empty ? '' : '<button type="button" data-act="draw">Draw</button>'}<button type="button" data-act="cancel">${empty ? 'Close' : 'Cancel'}</button></div>`;
    this.el.hidden = false;
    this.el.querySelector<HTMLButtonElement>('button')?.focus();
  }

  hide(): void {
    this.el.hidden = true;
    this.el.innerHTML = '';
    this.draw = null;
  }
}
