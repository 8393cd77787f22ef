// The view lives in the URL so that a reload or a shared link restores it:
//   /explore?n=id1,id2&sel=id1&from=2025-05-01&to=2025-05-18&path=id1,id2&src=1
//            &style=kind&off=ASSAULT&off=COERCE&pos=id1~120~-40,id2~0~35
// Ids are slugs ([a-z0-9-]), so commas separate them without escaping.
// style/off are the style legend (the property nodes are coloured by, the
// values it hides); pos, the positions, is written for saved views (the
// address bar leaves it out: it would change with every drag).

import { isIsoDate } from './util';

export interface ViewState {
  nodes: string[];
  selected: string[];
  from: string | null;
  to: string | null;
  path: [string, string] | null;
  /** Sources drawn as nodes. */
  sources: boolean;
  /** The property the legend colours by ('' or 'type': the palette). */
  style?: string;
  /** The legend's values switched off. */
  off?: string[];
  /** Node positions (a saved view's). */
  positions?: Record<string, [number, number]>;
}

const NUM = /^-?\d{1,7}$/;

function positions(v: string | null): Record<string, [number, number]> | undefined {
  if (!v) return undefined;
  const out: Record<string, [number, number]> = {};
  let any = false;
  for (const part of v.split(',')) {
    const [id, x, y] = part.split('~');
    if (id && ID.test(id) && NUM.test(x ?? '') && NUM.test(y ?? '')) {
      out[id] = [Number(x), Number(y)];
      any = true;
    }
  }
  return any ? out : undefined;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

function ids(v: string | null): string[] {
  if (!v) return [];
  const seen = new Set<string>();
  for (const part of v.split(',')) {
    const id = part.trim();
    if (ID.test(id)) seen.add(id);
  }
  return [...seen];
}

export function readState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const from = p.get('from');
  const to = p.get('to');
  const path = ids(p.get('path'));
  const st: ViewState = {
    nodes: ids(p.get('n')),
    selected: ids(p.get('sel')),
    from: isIsoDate(from) ? from : null,
    to: isIsoDate(to) ? to : null,
    path: path.length === 2 ? [path[0], path[1]] : null,
    sources: p.get('src') === '1',
  };
  // The optional parts are there only when the link has them.
  const style = p.get('style') ?? '';
  if (/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(style) && style !== 'type') st.style = style;
  const off = p.getAll('off').filter((v) => v.length > 0 && v.length <= 200).slice(0, 50);
  if (off.length) st.off = off;
  const pos = positions(p.get('pos'));
  if (pos) st.positions = pos;
  return st;
}

export function writeState(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.nodes.length) p.set('n', s.nodes.join(','));
  if (s.selected.length) p.set('sel', s.selected.join(','));
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.path) p.set('path', s.path.join(','));
  if (s.sources) p.set('src', '1');
  if (s.style && s.style !== 'type') p.set('style', s.style);
  for (const v of s.off ?? []) p.append('off', v);
  const pos = Object.entries(s.positions ?? {}).filter(([id]) => ID.test(id));
  if (pos.length) p.set('pos', pos.map(([id, [x, y]]) => `${id}~${Math.round(x)}~${Math.round(y)}`).join(','));
  // URLSearchParams escapes commas; they are safe in a query and easier to read.
  return p.toString().replace(/%2C/g, ',').replace(/%7E/g, '~');
}
