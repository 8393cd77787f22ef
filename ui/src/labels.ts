// Which node labels to draw: at any zoom, no two drawn labels overlap and
// each is at least 10 px high on screen. When zoomed out, labels keep a
// readable size (their font grows in model units as the zoom shrinks) and
// only the most important nodes keep theirs: the selection, a path, then
// by degree on the canvas. Pure, so the choice is tested in node
// (tests/unit); graphview.ts measures the boxes and applies it.

/** The smallest label on screen, in CSS px. */
export const MIN_LABEL_PX = 10.5;
/** The node font in model units at zoom 1 (styles.ts). */
export const BASE_FONT = 11;

/** The model font size that draws a label at least MIN_LABEL_PX high at this zoom. */
export function labelFont(zoom: number): number {
  return Math.max(BASE_FONT, MIN_LABEL_PX / Math.max(zoom, 1e-3));
}

export interface LabelBox {
  id: string;
  /** The label's box on screen. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Higher first; ties keep the input order. */
  importance: number;
}

/**
 * Greedy: labels in order of importance, each kept when it overlaps none
 * kept before (boxes grown by `gap` px). A uniform grid keeps it near
 * linear for a few hundred labels.
 */
export function chooseLabels(boxes: LabelBox[], gap = 1): Set<string> {
  const order = boxes.map((b, i) => ({ b, i })).sort((p, q) => q.b.importance - p.b.importance || p.i - q.i);
  const cell = 80;
  const grid = new Map<string, LabelBox[]>();
  const keys = (b: LabelBox) => {
    const out: string[] = [];
    for (let gx = Math.floor((b.x1 - gap) / cell); gx <= Math.floor((b.x2 + gap) / cell); gx++)
      for (let gy = Math.floor((b.y1 - gap) / cell); gy <= Math.floor((b.y2 + gap) / cell); gy++) out.push(`${gx},${gy}`);
    return out;
  };
  const hit = (a: LabelBox, b: LabelBox) => a.x1 - gap < b.x2 && b.x1 - gap < a.x2 && a.y1 - gap < b.y2 && b.y1 - gap < a.y2;
  const kept = new Set<string>();
  for (const { b } of order) {
    const ks = keys(b);
    if (ks.some((k) => (grid.get(k) ?? []).some((o) => hit(b, o)))) continue;
    kept.add(b.id);
    for (const k of ks) grid.set(k, [...(grid.get(k) ?? []), b]);
  }
  return kept;
}

/** A node's claim to a label: selected, on a path, next to the selection, then its degree. */
export function importance(n: { selected: boolean; onPath: boolean; nearSelected: boolean; degree: number }): number {
  return (n.selected ? 1e6 : 0) + (n.onPath ? 1e5 : 0) + (n.nearSelected ? 1e4 : 0) + n.degree;
}
