// The path panel: two pickers (filled from the canvas, or by shift-clicking
// two nodes), Find path and Clear, and the path spelt out step by step.
// main.ts asks the API and draws the path; this shows it.

import type { Subgraph } from './api';
import { $, esc, truncate } from './util';

/** Orders a path's node ids from one end to the other by walking its edges. */
export function orderPath(sg: Pick<Subgraph, 'edges'>, from: string): string[] {
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

export class PathPanel {
  private readonly from = $('path-from') as HTMLSelectElement;
  private readonly to = $('path-to') as HTMLSelectElement;
  private readonly result = $('path-result');
  private readonly clearBtn = $('btn-path-clear');

  constructor(onFind: (from: string, to: string) => void, onClear: () => void) {
    $('btn-path').addEventListener('click', () => onFind(this.from.value, this.to.value));
    this.clearBtn.addEventListener('click', onClear);
  }

  /** The canvas's nodes as choices; a choice still on the canvas is kept. */
  setNodes(nodes: { id: string; label: string }[]): void {
    const sorted = [...nodes].sort((a, b) => a.label.localeCompare(b.label));
    for (const sel of [this.from, this.to]) {
      const keep = sel.value;
      sel.innerHTML = '<option value="">—</option>' + sorted.map((n) => `<option value="${esc(n.id)}">${esc(truncate(n.label, 40))}</option>`).join('');
      if (sorted.some((n) => n.id === keep)) sel.value = keep;
    }
  }

  setFrom(id: string): void {
    this.from.value = id;
  }

  setTo(id: string): void {
    this.to.value = id;
  }

  /** Says something instead of a path (none found, two nodes needed). */
  say(text: string): void {
    this.result.textContent = text;
  }

  /** Spells the path out from `from`, names looked up with `name`. */
  show(sg: Subgraph, from: string, to: string, name: (id: string) => string): void {
    const ids = new Set(sg.nodes.map((n) => n.id));
    const order = orderPath(sg, from).filter((id) => ids.has(id));
    const steps = sg.edges.length;
    this.result.innerHTML = `<strong>${steps} step${steps === 1 ? '' : 's'}:</strong> ${order.map((id) => esc(name(id))).join(' → ')}`;
    this.clearBtn.hidden = false;
    this.from.value = from;
    this.to.value = to;
  }

  clear(): void {
    this.clearBtn.hidden = true;
    this.result.textContent = '';
  }
}
