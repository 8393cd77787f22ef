// The inspector panel: every stored property of the selected node or edge,
// the sources that support it with their quotes, participations with kind and
// role, a forecast's likelihood term with its range, window and status
// (OVERDUE marked), and a source's forecasting record.
// Buttons carrying data-show="<id>" add that node to the canvas (main.ts).

import type { ForecastRecord, NodeDetail, SourceInfo, SourceRef } from './api';
import { esc, formatValue } from './util';

function sourceLine(s: SourceInfo): string {
  const bits = [s.author, s.publisher, s.publishedAt].filter(Boolean).map(esc);
  // Only web links: a javascript: or data: URL stored in a source must not
  // become something an analyst can click.
  const title = s.url && /^https?:\/\//i.test(s.url) ? `<a href="${esc(s.url)}" target="_blank" rel="noopener noreferrer">${esc(s.title)}</a>` : esc(s.title);
  return `<span class="cite">— ${title}${bits.length ? `, ${bits.join(', ')}` : ''}</span>`;
}

function quoteBlock(quote: string | null | undefined, sources: SourceInfo[]): string {
  const q = quote ? `<blockquote class="quote">“${esc(quote)}”</blockquote>` : '';
  const s = sources.map(sourceLine).join('<br>');
  return q || s ? `${q}${s}` : '';
}

export function sourcesSection(refs: SourceRef[] | undefined): string {
  if (!refs || refs.length === 0) return '<h4>Sources</h4><p class="muted small">No source recorded for this fact.</p>';
  return `<h4>Sources (${refs.length})</h4>${refs.map((r) => `<div class="source-ref">${quoteBlock(r.quote, [r.source])}</div>`).join('')}`;
}

export function propsTable(props: Record<string, unknown>, skip: string[] = []): string {
  const keys = Object.keys(props).filter((k) => !skip.includes(k)).sort();
  if (keys.length === 0) return '<p class="muted small">No stored properties.</p>';
  const rows = keys.map((k) => `<tr><th scope="row">${esc(k)}</th><td>${esc(formatValue(props[k]))}</td></tr>`).join('');
  return `<table class="props" aria-label="Stored properties">${rows}</table>`;
}

function show(id: string, text: string): string {
  return `<button type="button" class="linkish" data-show="${esc(id)}" title="Show on the canvas">${esc(text)}</button>`;
}

function badge(text: string, extra = ''): string {
  return `<span class="badge ${extra}">${esc(text)}</span>`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

interface Edge<N> {
  kind?: string;
  role?: string | null;
  quote?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  node: N;
  sources?: SourceInfo[];
}

function participationRow(kind: string, role: string | null | undefined, who: string, quote: string | null | undefined, sources: SourceInfo[] | undefined): string {
  const declined = kind === 'DECLINED';
  return `<li class="participation${declined ? ' declined' : ''}" data-kind="${esc(kind)}">${who} ${badge(declined ? 'declined' : kind.toLowerCase(), declined ? 'declined' : '')}${role ? ` <span class="role">${esc(role)}</span>` : ''}${quoteBlock(quote, sources ?? [])}</li>`;
}

function num(x: number | null, digits = 3): string {
  return x === null ? '–' : x.toFixed(digits);
}

/** A source's forecasting record: counts, Brier score and the calibration of each term it used. */
export function recordSection(r: ForecastRecord | null | undefined): string {
  if (!r) return '';
  let h = `<h4>Forecast record</h4><div class="record"><p class="small counts">${r.issued} issued · ${r.resolved} resolved (${r.cameTrue} came true) · <span class="overdue-count">${r.overdue} overdue</span> · ${r.open} open · ${r.withdrawn} withdrawn</p>`;
  h += `<p class="small">Brier score <strong class="brier">${num(r.brierScore)}</strong> <span class="muted">(0 is perfect; each term at its range's midpoint)</span></p>`;
  const used = r.calibration.filter((c) => c.resolved > 0);
  if (used.length) {
    h += '<table class="props calibration" aria-label="Calibration"><tr><th>term</th><th>range</th><th>came true</th><th>95% interval</th></tr>';
    for (const c of used) {
      const iv = c.interval ? `${pct(c.interval.low)}–${pct(c.interval.high)}` : '–';
      h += `<tr data-likelihood="${esc(c.likelihood)}" class="${c.consistent ? 'consistent' : 'inconsistent'}"><td>${esc(c.likelihood.replace(/_/g, ' ').toLowerCase())}</td><td>${pct(c.probability.low)}–${pct(c.probability.high)}</td><td>${c.cameTrue}/${c.resolved}</td><td>${iv}${c.consistent ? '' : ' ✗'}</td></tr>`;
    }
    h += '</table>';
  } else {
    h += '<p class="muted small">No forecast of this source is settled yet.</p>';
  }
  return h + '</div>';
}

/** The panel for a node: typed details first, then every stored property. */
export function renderNode(d: NodeDetail, stored: Record<string, unknown> | undefined): string {
  const f = d as Record<string, unknown>;
  let h = '';
  const title = (f.name ?? f.title ?? f.statement ?? d.id) as string;
  const kind = (f.actorKind ?? f.eventKind ?? f.locationKind ?? f.sourceKind ?? f.stance ?? '') as string;
  h += `<h3>${esc(title)}</h3><p>${badge(d.__typename)}${kind ? badge(kind) : ''}<code class="small">${esc(d.id)}</code></p>`;
  h += `<div class="actions"><button type="button" data-action="expand" data-id="${esc(d.id)}">Expand</button><button type="button" data-action="dismiss" data-id="${esc(d.id)}">Dismiss</button><button type="button" data-action="path-from" data-id="${esc(d.id)}">Path from here</button><button type="button" data-action="path-to" data-id="${esc(d.id)}">Path to here</button></div>`;

  switch (d.__typename) {
    case 'Actor': {
      const aliases = f.aliases as string[];
      if (f.description) h += `<p>${esc(f.description)}</p>`;
      if (aliases?.length) h += `<p class="small">Also: ${aliases.map(esc).join(', ')}</p>`;
      const aff = (f.affiliations as { edges: Edge<{ id: string; name: string }>[] }).edges;
      if (aff.length) {
        h += '<h4>Affiliations</h4><ul class="rel">';
        for (const e of aff) h += `<li>${e.role ? `${esc(e.role)}, ` : ''}${show(e.node.id, e.node.name)}${e.validFrom || e.validTo ? ` <span class="small muted">${esc(e.validFrom ?? '')}–${esc(e.validTo ?? '')}</span>` : ''}${quoteBlock(e.quote, e.sources ?? [])}</li>`;
        h += '</ul>';
      }
      const mem = (f.members as { edges: Edge<{ id: string; name: string }>[] }).edges;
      if (mem.length) {
        h += '<h4>Members</h4><ul class="rel">';
        for (const e of mem) h += `<li>${show(e.node.id, e.node.name)}${e.role ? `, ${esc(e.role)}` : ''}</li>`;
        h += '</ul>';
      }
      const ev = f.events as { totalCount: number; edges: Edge<{ id: string; title: string; startDate: string | null }>[] };
      if (ev.edges.length) {
        h += `<h4>Events (${ev.totalCount})</h4><ul class="rel">`;
        for (const e of ev.edges) h += participationRow(e.kind ?? 'PARTICIPANT', e.role, `${show(e.node.id, e.node.title)} <span class="small muted">${esc(e.node.startDate ?? '')}</span>`, e.quote, e.sources);
        h += '</ul>';
      }
      break;
    }
    case 'Event': {
      if (f.summary) h += `<p>${esc(f.summary)}</p>`;
      if (f.outcome) h += `<p><strong>Outcome:</strong> ${esc(f.outcome)}</p>`;
      h += `<p class="small">${esc(f.startDate ?? 'undated')}${f.endDate && f.endDate !== f.startDate ? ` – ${esc(f.endDate)}` : ''}${f.mode ? ` · ${esc(f.mode)}` : ''}</p>`;
      const loc = f.location as { id: string; name: string } | null;
      if (loc) h += `<p class="small">At ${show(loc.id, loc.name)}</p>`;
      const parent = f.parent as { id: string; title: string } | null;
      if (parent) h += `<p class="small">Part of ${show(parent.id, parent.title)}</p>`;
      const figs = f.figures as { label: string; value: number; unit: string | null }[];
      if (figs?.length) h += `<h4>Figures</h4><ul class="rel">${figs.map((x) => `<li>${esc(x.label)}: <strong>${esc(x.value)}</strong> ${esc(x.unit ?? '')}</li>`).join('')}</ul>`;
      const parts = f.participants as { totalCount: number; edges: Edge<{ id: string; name: string; actorKind: string }>[] };
      h += `<h4>Participants (${parts.totalCount})</h4><ul class="rel participants">`;
      for (const e of parts.edges) h += participationRow(e.kind ?? 'PARTICIPANT', e.role, show(e.node.id, e.node.name), e.quote, e.sources);
      h += '</ul>';
      break;
    }
    case 'Location': {
      const parent = f.parent as { id: string; name: string } | null;
      if (parent) h += `<p class="small">In ${show(parent.id, parent.name)}</p>`;
      break;
    }
    case 'Topic':
      if (f.description) h += `<p>${esc(f.description)}</p>`;
      break;
    case 'Position': {
      const a = f.actor as { id: string; name: string };
      const t = f.topic as { id: string; name: string };
      h += `<p>${show(a.id, a.name)} <strong>${esc(String(f.stance).toLowerCase())}</strong> on ${show(t.id, t.name)}</p>`;
      if (f.validFrom || f.validTo) h += `<p class="small">Valid ${esc(f.validFrom ?? '…')} – ${esc(f.validTo ?? '…')}</p>`;
      break;
    }
    case 'Forecast': {
      const p = f.probability as { low: number; high: number };
      h += `<div class="forecast"><div class="term" data-likelihood="${esc(f.likelihood)}">${esc(String(f.likelihood).replace(/_/g, ' ').toLowerCase())} <span class="range">(${pct(p.low)}–${pct(p.high)})</span></div>`;
      // OVERDUE is derived by the service (open past the window's end): marked, not just worded.
      const status = String(f.status);
      h += `<div class="small">${esc(String(f.horizon).replace(/_/g, ' ').toLowerCase())} · window <span class="window">${esc(f.windowStart ?? '?')} → ${esc(f.windowEnd ?? '?')}</span> · <span class="status${status === 'OVERDUE' ? ' badge overdue' : ''}" data-status="${esc(status)}">${esc(status.replace(/_/g, ' ').toLowerCase())}</span></div>`;
      if (f.resolvedAt) h += `<p class="small">Resolved ${esc(f.resolvedAt)}</p>`;
      h += '</div>';
      if (f.resolutionNote) h += `<p class="small">${esc(f.resolutionNote)}</p>`;
      const about = f.about as { __typename: string; id: string; name?: string; title?: string }[];
      if (about.length) h += `<h4>About</h4><ul class="rel">${about.map((x) => `<li>${show(x.id, x.name ?? x.title ?? x.id)} <span class="small muted">${esc(x.__typename)}</span></li>`).join('')}</ul>`;
      const src = f.source as SourceInfo | null;
      if (src) h += `<h4>Issued in</h4>${sourceLine(src)}`;
      break;
    }
    case 'Source':
      h += recordSection(f.record as ForecastRecord | null | undefined);
      break;
  }
  if (d.__typename !== 'Source') h += sourcesSection(f.sources as SourceRef[] | undefined);
  h += `<h4>All stored properties</h4>${propsTable(stored ?? {})}`;
  return h;
}

export interface EdgeView {
  id: string;
  type: string;
  source: { id: string; label: string };
  target: { id: string; label: string };
  properties: Record<string, unknown>;
  /** Every quote of a merged CITED_IN edge. */
  quotes: string[];
}

/** The panel for an edge: its endpoints, participation kind and role, quote and sources. */
export function renderEdge(e: EdgeView, sources: SourceInfo[] | null): string {
  const p = e.properties;
  const kind = typeof p.kind === 'string' ? p.kind : '';
  const declined = kind === 'DECLINED';
  let h = `<h3>${esc(e.type.replace(/_/g, ' ').toLowerCase())}</h3>`;
  h += `<p>${show(e.source.id, e.source.label)} → ${show(e.target.id, e.target.label)}</p>`;
  if (kind || p.role) h += `<p>${kind ? badge(declined ? 'declined' : kind.toLowerCase(), declined ? 'declined' : '') : ''}${p.role ? ` <span class="role">${esc(p.role)}</span>` : ''}</p>`;
  if (e.quotes.length > 1) h += `<h4>Quotes (${e.quotes.length})</h4>${e.quotes.map((q) => `<blockquote class="quote">“${esc(q)}”</blockquote>`).join('')}`;
  else if (typeof p.quote === 'string' && p.quote) h += `<h4>Quote</h4><blockquote class="quote">“${esc(p.quote)}”</blockquote>`;
  if (sources === null) h += '<h4>Sources</h4><p class="muted small">Loading…</p>';
  else if (sources.length) h += `<h4>Sources (${sources.length})</h4>${sources.map(sourceLine).join('<br>')}`;
  else if (!p.quote) h += '<h4>Sources</h4><p class="muted small">No source recorded for this relationship.</p>';
  h += `<h4>All stored properties</h4>${propsTable(p)}`;
  return h;
}
