// The view lives in the URL so that a reload or a shared link restores it:
//   /explore?n=id1,id2&sel=id1&from=2025-05-01&to=2025-05-18&path=id1,id2&src=1
// Ids are slugs ([a-z0-9-]), so commas separate them without escaping.

import { isIsoDate } from './util';

export interface ViewState {
  nodes: string[];
  selected: string[];
  from: string | null;
  to: string | null;
  path: [string, string] | null;
  /** Sources drawn as nodes. */
  sources: boolean;
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
  return {
    nodes: ids(p.get('n')),
    selected: ids(p.get('sel')),
    from: isIsoDate(from) ? from : null,
    to: isIsoDate(to) ? to : null,
    path: path.length === 2 ? [path[0], path[1]] : null,
    sources: p.get('src') === '1',
  };
}

export function writeState(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.nodes.length) p.set('n', s.nodes.join(','));
  if (s.selected.length) p.set('sel', s.selected.join(','));
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.path) p.set('path', s.path.join(','));
  if (s.sources) p.set('src', '1');
  // URLSearchParams escapes commas; they are safe in a query and easier to read.
  return p.toString().replace(/%2C/g, ',');
}
