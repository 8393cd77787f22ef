// The side list of what is on the canvas, by type then name: a click
// centres and selects a node (shift-click adds it to the selection), × dismisses it.

import { TYPES } from './styles';
import { $, esc } from './util';

export interface ListedNode {
  id: string;
  label: string;
  type: string;
  color: string;
  sel: boolean;
  hidden: boolean;
}

export class ShownList {
  private readonly el = $('shown-list');

  constructor(onPick: (id: string, add: boolean) => void, onDismiss: (id: string) => void) {
    this.el.addEventListener('click', (ev) => {
      const t = ev.target as HTMLElement;
      const pick = t.closest<HTMLElement>('[data-pick]');
      const x = t.closest<HTMLElement>('[data-dismiss]');
      if (x?.dataset.dismiss) onDismiss(x.dataset.dismiss);
      else if (pick?.dataset.pick) onPick(pick.dataset.pick, (ev as MouseEvent).shiftKey);
    });
  }

  render(items: ListedNode[]): void {
    this.el.innerHTML = items.length
      ? items
          .map(
            (n) =>
              `<li data-id="${esc(n.id)}" class="${n.hidden ? 'hidden-by-time' : ''}"><button type="button" class="pick" data-pick="${esc(n.id)}" aria-pressed="${n.sel}" title="${esc(`${TYPES[n.type]?.name ?? n.type}: ${n.label}${n.hidden ? ' (not drawn: outside the time range, or a source)' : ''}`)}"><span class="dot" style="background:${n.color}"></span>${esc(n.label)}</button><button type="button" class="x" data-dismiss="${esc(n.id)}" aria-label="Dismiss ${esc(n.label)}" title="Dismiss">×</button></li>`,
          )
          .join('')
      : '<li class="muted small">Nothing yet.</li>';
  }
}
