// Style by property: the analyst picks a property (type, kind, stance,
// country, the year of an event, any property with few values on the
// canvas) and the nodes take one colour per value; the legend lists the
// values with their counts, and each row is also a filter (press it to hide
// the nodes with that value, again to bring them back). The categories are
// pure (tests/unit); StyleLegend owns the panel and tells main.ts.

import { TYPES } from './styles';
import { $, esc } from './util';

export interface Styled {
  type: string;
  props: Record<string, unknown>;
}

export interface Category {
  value: string;
  count: number;
  color: string;
}

/** The default: the palette's colours by type and kind, the legend by type. */
export const BY_TYPE = 'type';
export const BY_YEAR = 'year';
export const NONE = '(none)';
export const OTHER = '(other)';

// Twelve distinct colours dark enough to hold a white node border and be
// told apart (after Tableau 10 and ColorBrewer Paired, darkened).
export const CATEGORY_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f00', '#393b79', '#637939', '#843c39'];
const OTHER_COLOR = '#9aa3ad';
const NONE_COLOR = '#d0d4d9';

/** A node's value for a property, as text. */
export function valueOf(n: Styled, prop: string): string {
  if (prop === BY_TYPE) return n.type;
  if (prop === BY_YEAR) {
    const d = n.props?.startDate ?? n.props?.publishedAt;
    return typeof d === 'string' && d.length >= 4 ? d.slice(0, 4) : NONE;
  }
  const v = n.props?.[prop];
  if (v === null || v === undefined || v === '') return NONE;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The values of a property on the canvas, most frequent first, each with a
 * colour; beyond the twelve colours the rest share "(other)", and nodes
 * without the property are "(none)", last.
 */
export function categories(nodes: Styled[], prop: string): Category[] {
  const counts = new Map<string, number>();
  for (const n of nodes) {
    const v = valueOf(n, prop);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const none = counts.get(NONE) ?? 0;
  counts.delete(NONE);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const out: Category[] = sorted.slice(0, CATEGORY_COLORS.length).map(([value, count], i) => ({
    value,
    count,
    color: prop === BY_TYPE ? TYPES[value]?.color ?? OTHER_COLOR : CATEGORY_COLORS[i],
  }));
  const rest = sorted.slice(CATEGORY_COLORS.length).reduce((s, [, c]) => s + c, 0);
  if (rest) out.push({ value: OTHER, count: rest, color: OTHER_COLOR });
  if (none) out.push({ value: NONE, count: none, color: NONE_COLOR });
  return out;
}

/** The colour for a node given the categories: its value's, or "(other)"'s. */
export function colorFor(cats: Category[], n: Styled, prop: string): string {
  const v = valueOf(n, prop);
  return (cats.find((c) => c.value === v) ?? cats.find((c) => c.value === OTHER))?.color ?? OTHER_COLOR;
}

/** Whether a node is hidden by the legend: its value (or "(other)") is switched off. */
export function hiddenBy(cats: Category[], off: Set<string>, n: Styled, prop: string): boolean {
  if (off.size === 0) return false;
  const v = valueOf(n, prop);
  return off.has(cats.some((c) => c.value === v) ? v : OTHER);
}

/**
 * The properties worth styling by: type and year always; any other property
 * held by at least two nodes with between 2 and 40 distinct scalar values
 * (names and ids, one value per node, say nothing as colours).
 */
export function styleChoices(nodes: Styled[]): string[] {
  const values = new Map<string, Set<string>>();
  const held = new Map<string, number>();
  for (const n of nodes)
    for (const [k, v] of Object.entries(n.props ?? {})) {
      if (v === null || v === undefined || typeof v === 'object') continue;
      if (!values.has(k)) values.set(k, new Set());
      values.get(k)!.add(String(v));
      held.set(k, (held.get(k) ?? 0) + 1);
    }
  const props = [...values.entries()].filter(([k, s]) => s.size >= 2 && s.size <= 40 && (held.get(k) ?? 0) > s.size && !/(^id$|Id$|name|title|statement|label|Date$|At$|url|quote)/i.test(k)).map(([k]) => k);
  return [BY_TYPE, BY_YEAR, ...props.sort()];
}

/** The "Style by" panel: a select and the legend of values, each a filter. */
export class StyleLegend {
  private readonly select = $('style-by') as HTMLSelectElement;
  private readonly list = $('style-legend');
  private prop = BY_TYPE;
  private off = new Set<string>();
  private cats: Category[] = [];

  constructor(private readonly onChange: () => void) {
    this.select.addEventListener('change', () => {
      this.prop = this.select.value;
      this.off.clear();
      this.onChange();
    });
    this.list.addEventListener('click', (ev) => {
      const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-value]');
      if (!b) return;
      const v = b.dataset.value!;
      if (this.off.has(v)) this.off.delete(v);
      else this.off.add(v);
      this.onChange();
    });
  }

  get(): { prop: string; off: string[] } {
    return { prop: this.prop, off: [...this.off] };
  }

  /** From a link or a saved view. */
  set(prop: string, off: string[]): void {
    this.prop = prop || BY_TYPE;
    this.off = new Set(off);
  }

  /** Recomputes the legend from the nodes on the canvas; returns the node's colour (null: the palette's) and whether the legend hides it. */
  update(nodes: Styled[]): { color: (n: Styled) => string | null; hidden: (n: Styled) => boolean } {
    const choices = styleChoices(nodes);
    if (!choices.includes(this.prop)) choices.push(this.prop);
    this.select.innerHTML = choices.map((c) => `<option value="${esc(c)}"${c === this.prop ? ' selected' : ''}>${esc(c)}</option>`).join('');
    this.cats = categories(nodes, this.prop);
    this.list.innerHTML = this.cats
      .map((c) => {
        const off = this.off.has(c.value);
        return `<li><button type="button" data-value="${esc(c.value)}" aria-pressed="${off ? 'false' : 'true'}" title="${off ? 'Show' : 'Hide'} the nodes whose ${esc(this.prop)} is ${esc(c.value)}"><i style="background:${c.color}"></i><span>${esc(c.value)}</span><span class="count">${c.count}</span></button></li>`;
      })
      .join('');
    const cats = this.cats;
    const prop = this.prop;
    const off = this.off;
    return {
      color: prop === BY_TYPE ? () => null : (n) => colorFor(cats, n, prop),
      hidden: (n) => hiddenBy(cats, off, n, prop),
    };
  }
}
