// The map: the events in view placed where they happened, beside the graph
// (i2's side-by-side views). The basemap is Natural Earth's country
// outlines at 1:110m from the world-atlas npm package, bundled at build
// time: no tile server, nothing fetched at run time. An equirectangular
// projection fitted to the events (corrected for latitude) is enough at
// the scale of a conflict. Events at one place share one marker, sized by
// their count; a click selects them on the canvas. The projection and the
// grouping are pure (tests/unit); MapView owns the panel; main.ts fetches
// the places (api.eventPlaces) and hands them over.

import { feature } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';
import type { EventPlace } from './api';
import { eventColor } from './styles';
import { $, esc } from './util';

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

export const WORLD: Box = { west: -180, south: -60, east: 180, north: 84 };

/** The box around the points, padded by a fifth and at least 16° wide and 10° high; the world when there are none. */
export function fitBox(points: { lat: number; lon: number }[]): Box {
  if (points.length === 0) return { ...WORLD };
  let west = Math.min(...points.map((p) => p.lon));
  let east = Math.max(...points.map((p) => p.lon));
  let south = Math.min(...points.map((p) => p.lat));
  let north = Math.max(...points.map((p) => p.lat));
  const padX = Math.max((east - west) * 0.2, (16 - (east - west)) / 2, 0);
  const padY = Math.max((north - south) * 0.2, (10 - (north - south)) / 2, 0);
  west = Math.max(-180, west - padX);
  east = Math.min(180, east + padX);
  south = Math.max(-85, south - padY);
  north = Math.min(85, north + padY);
  return { west, south, east, north };
}

/**
 * Longitude and latitude to SVG pixels: equirectangular, longitudes shrunk
 * by the cosine of the box's middle latitude (so Ukraine is not drawn twice
 * as wide as it is), the box centred in w × h at one scale for both axes.
 */
export function projector(b: Box, w: number, h: number): (lon: number, lat: number) => [number, number] {
  const k = Math.cos((((b.north + b.south) / 2) * Math.PI) / 180);
  const dx = Math.max(1e-6, (b.east - b.west) * k);
  const dy = Math.max(1e-6, b.north - b.south);
  const s = Math.min(w / dx, h / dy);
  const ox = (w - dx * s) / 2;
  const oy = (h - dy * s) / 2;
  return (lon, lat) => [ox + (lon - b.west) * k * s, oy + (b.north - lat) * s];
}

/** An SVG path for polygon rings ([lon, lat] pairs), one decimal. */
export function ringsPath(rings: number[][][], proj: (lon: number, lat: number) => [number, number]): string {
  let d = '';
  for (const ring of rings) {
    ring.forEach(([lon, lat], i) => {
      const [x, y] = proj(lon, lat);
      d += `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    });
    d += 'Z';
  }
  return d;
}

export interface Place {
  lat: number;
  lon: number;
  place: string;
  events: EventPlace[];
}

/** Events at the same coordinates (to about 100 m) share one marker; the busiest place first. */
export function groupPlaces(events: EventPlace[]): Place[] {
  const by = new Map<string, Place>();
  for (const e of events) {
    const key = `${e.lat.toFixed(3)},${e.lon.toFixed(3)}`;
    let p = by.get(key);
    if (!p) by.set(key, (p = { lat: e.lat, lon: e.lon, place: e.place, events: [] }));
    p.events.push(e);
  }
  return [...by.values()].sort((a, b) => b.events.length - a.events.length || a.place.localeCompare(b.place));
}

/** A marker's radius in px: grows with the square root of its count. */
export function markerRadius(n: number): number {
  return Math.min(22, 5 + Math.sqrt(n) * 2.2);
}

type Polygons = number[][][][];
let outlines: Polygons | null = null;

/** The countries as lists of polygons (rings of [lon, lat]), converted once. */
function countries(): Polygons {
  if (outlines) return outlines;
  const topo = world as unknown as { objects: { countries: unknown } };
  const fc = feature(topo, topo.objects.countries);
  outlines = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    if (f.geometry.type === 'Polygon') outlines.push(f.geometry.coordinates as number[][][]);
    else for (const poly of f.geometry.coordinates as number[][][][]) outlines.push(poly);
  }
  return outlines;
}

export class MapView {
  private readonly el = $('map');
  private readonly svg = $('map-svg');
  private readonly summary = $('map-summary');
  private places: Place[] = [];
  private selected = new Set<string>();

  constructor(private readonly onPick: (ids: string[]) => void) {
    this.svg.addEventListener('click', (ev) => {
      const g = (ev.target as Element).closest('[data-events]');
      if (g) this.onPick((g.getAttribute('data-events') ?? '').split(',').filter(Boolean));
    });
    this.svg.addEventListener('keydown', (ev) => {
      const g = (ev.target as Element).closest('[data-events]');
      if (g && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault();
        this.onPick((g.getAttribute('data-events') ?? '').split(',').filter(Boolean));
      }
    });
    window.addEventListener('resize', () => this.open && this.render());
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  setOpen(open: boolean): void {
    this.el.hidden = !open;
    if (open) this.render();
  }

  /** The events to place, and how many events are in view in all (some have no located place). */
  set(events: EventPlace[], inView: number): void {
    this.places = groupPlaces(events);
    const placed = events.length;
    this.summary.textContent = inView === 0 ? 'No events in view (none on the canvas, or all filtered out).' : `${placed} of ${inView} event${inView === 1 ? '' : 's'} in view placed at ${this.places.length} place${this.places.length === 1 ? '' : 's'}${placed < inView ? `; ${inView - placed} without a located place` : ''}.`;
    this.render();
  }

  setSelected(ids: string[]): void {
    this.selected = new Set(ids);
    if (this.open) this.render();
  }

  private render(): void {
    const w = Math.max(120, this.svg.clientWidth || 400);
    const h = Math.max(120, this.svg.clientHeight || 300);
    const pts = this.places.map((p) => ({ lat: p.lat, lon: p.lon }));
    const proj = projector(fitBox(pts), w, h);
    const land = countries()
      .map((rings) => `<path d="${ringsPath(rings, proj)}"/>`)
      .join('');
    const marks = [...this.places]
      .reverse()
      .map((p) => {
        const [x, y] = proj(p.lon, p.lat);
        const r = markerRadius(p.events.length);
        const kinds = new Set(p.events.map((e) => e.kind));
        const fill = kinds.size === 1 ? eventColor(p.events[0].kind) : '#5f6b7a';
        const sel = p.events.some((e) => this.selected.has(e.id));
        const names = p.events.slice(0, 5).map((e) => `${e.title} (${e.startDate ?? 'undated'})`).join('\n');
        const more = p.events.length > 5 ? `\n… and ${p.events.length - 5} more` : '';
        return `<g class="mark${sel ? ' sel' : ''}" data-events="${esc(p.events.map((e) => e.id).join(','))}" data-place="${esc(p.place)}" tabindex="0" role="button" aria-label="${esc(`${p.place}: ${p.events.length} event${p.events.length === 1 ? '' : 's'}`)}"><title>${esc(`${p.place}: ${p.events.length} event${p.events.length === 1 ? '' : 's'}\n${names}${more}`)}</title><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="${fill}"/>${p.events.length > 1 ? `<text x="${x.toFixed(1)}" y="${(y + 4).toFixed(1)}">${p.events.length}</text>` : ''}</g>`;
      })
      .join('');
    this.svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    this.svg.innerHTML = `<rect class="sea" width="${w}" height="${h}"/><g class="land">${land}</g><g class="marks">${marks}</g>`;
  }
}
