// The timeline strip: every event (newest 500) as a mark on a date axis, a
// two-handled range control below it and date inputs that mirror it; its
// summary says how many of all the matching events (the API's totalCount)
// the strip holds.
// The range is the only state here; main.ts decides what it hides.
// Brush to zoom: a drag across the strip zooms it to the dragged dates
// (Zoom out, or a double-click, goes back). Playback: Play slides a window
// (the range's width, or an eighth of the strip) across the strip a step at
// a time, setting the range, so the canvas shows the events of each window.

import type { TimelineEvent } from './api';
import { eventColor } from './styles';
import { $, dayNumber, esc, isIsoDate, isoFromDay } from './util';

export interface Range {
  from: string | null;
  to: string | null;
}

export class Timeline {
  private events: TimelineEvent[] = [];
  private total = 0;
  private min = 0;
  private max = 0;
  private range: Range = { from: null, to: null };
  private onCanvas = new Map<string, { start?: string; end?: string }>();
  private readonly strip = $('timeline-strip');
  private readonly axis = $('timeline-axis');
  private readonly sFrom = $('slider-from') as HTMLInputElement;
  private readonly sTo = $('slider-to') as HTMLInputElement;
  private readonly dFrom = $('range-from') as HTMLInputElement;
  private readonly dTo = $('range-to') as HTMLInputElement;
  private readonly summary = $('range-summary');
  private readonly fit = $('strip-fit') as HTMLInputElement;
  private readonly zoomOut = $('strip-zoomout') as HTMLButtonElement;
  private readonly playBtn = $('play') as HTMLButtonElement;
  /** The brushed span (day numbers), or null: the whole strip. */
  private zoom: [number, number] | null = null;
  private brushFrom: number | null = null;
  private playTimer = 0;
  private frame: { from: number; window: number; step: number; end: number } | null = null;
  /** Counts of all matching events by period (the service's totalCount per bin), drawn behind the marks. */
  private hist: (Bin & { count: number })[] = [];
  /** How long each playback frame shows, ms. */
  playMs = 900;

  constructor(
    private readonly onChange: (r: Range) => void,
    private readonly onPick: (id: string) => void,
  ) {
    // Each handle moves its own end only: the other may lie outside the strip
    // (typed, or from a link) and must not be snapped to the strip's edge.
    const slid = (which: 'from' | 'to') => () => {
      const day = Number(which === 'from' ? this.sFrom.value : this.sTo.value);
      const r = this.get();
      if (which === 'from') r.from = day <= this.min ? null : isoFromDay(day);
      else r.to = day >= this.max ? null : isoFromDay(day);
      this.set(r);
    };
    this.sFrom.addEventListener('input', slid('from'));
    this.sTo.addEventListener('input', slid('to'));
    const typed = () => {
      const from = isIsoDate(this.dFrom.value) ? this.dFrom.value : null;
      const to = isIsoDate(this.dTo.value) ? this.dTo.value : null;
      this.set({ from, to });
    };
    this.dFrom.addEventListener('change', typed);
    this.dTo.addEventListener('change', typed);
    $('range-reset').addEventListener('click', () => this.set({ from: null, to: null }));
    this.fit.addEventListener('change', () => this.render());
    this.strip.addEventListener('click', (ev) => {
      const b = (ev.target as HTMLElement).closest<HTMLElement>('[data-event]');
      if (b?.dataset.event) this.onPick(b.dataset.event);
    });
    window.addEventListener('resize', () => this.render());
    this.strip.addEventListener('pointerdown', (ev) => {
      if ((ev.target as HTMLElement).closest('[data-event]') || ev.button !== 0) return;
      this.brushFrom = ev.clientX;
      this.strip.setPointerCapture?.(ev.pointerId);
      ev.preventDefault();
    });
    this.strip.addEventListener('pointermove', (ev) => {
      if (this.brushFrom === null) return;
      this.drawBrush(this.brushFrom, ev.clientX);
    });
    const end = (ev: PointerEvent) => {
      if (this.brushFrom === null) return;
      const x0 = this.brushFrom;
      this.brushFrom = null;
      this.strip.querySelector('.brush')?.remove();
      const r = this.strip.getBoundingClientRect();
      const span = brushSpan(x0 - r.left, ev.clientX - r.left, r.width, this.min, this.max);
      if (span) this.setZoom(span);
    };
    this.strip.addEventListener('pointerup', end);
    this.strip.addEventListener('pointercancel', () => {
      this.brushFrom = null;
      this.strip.querySelector('.brush')?.remove();
    });
    this.strip.addEventListener('dblclick', (ev) => {
      if (!(ev.target as HTMLElement).closest('[data-event]')) this.setZoom(null);
    });
    this.zoomOut.addEventListener('click', () => this.setZoom(null));
    this.playBtn.addEventListener('click', () => (this.playing ? this.stop() : this.play()));
  }

  private drawBrush(x0: number, x1: number): void {
    const r = this.strip.getBoundingClientRect();
    let b = this.strip.querySelector<HTMLElement>('.brush');
    if (!b) {
      b = document.createElement('div');
      b.className = 'brush';
      this.strip.appendChild(b);
    }
    const a = Math.max(0, Math.min(x0, x1) - r.left);
    const w = Math.min(r.width, Math.max(x0, x1) - r.left) - a;
    b.style.left = `${a}px`;
    b.style.width = `${Math.max(0, w)}px`;
  }

  /** Zooms the strip to a span of days (null: back to all). */
  setZoom(span: [number, number] | null): void {
    this.zoom = span;
    this.render();
  }

  /** The span the strip shows, as ISO dates. */
  view(): { min: string; max: string; zoomed: boolean } {
    return { min: isoFromDay(this.min), max: isoFromDay(this.max), zoomed: this.zoom !== null };
  }

  get playing(): boolean {
    return this.playTimer !== 0;
  }

  /** Plays the strip: a window slid from the range's start (or the strip's) to the strip's end. */
  play(): void {
    this.stop();
    const [min, max] = [this.min, this.max];
    const r = this.get();
    const from = r.from ? dayNumber(r.from) : min;
    const to = r.to ? dayNumber(r.to) : max;
    const window = r.from && r.to && to > from ? to - from : Math.max(1, Math.round((max - min) / 8));
    this.frame = { from: from >= max - 1 ? min : from, window, step: playStep(window), end: max };
    this.playBtn.textContent = 'Pause';
    this.playBtn.setAttribute('aria-pressed', 'true');
    this.tick();
    this.playTimer = window === 0 ? 0 : globalThis.setInterval(() => this.tick(), this.playMs) as unknown as number;
  }

  stop(): void {
    if (this.playTimer) clearInterval(this.playTimer);
    this.playTimer = 0;
    this.playBtn.textContent = 'Play';
    this.playBtn.setAttribute('aria-pressed', 'false');
  }

  private tick(): void {
    const f = this.frame;
    if (!f) return this.stop();
    const next = playFrame(f.from, f.window, f.end);
    if (!next) return this.stop();
    this.set({ from: isoFromDay(next.from), to: isoFromDay(next.to) });
    f.from += f.step;
    if (next.last) this.stop();
  }

  /** The strip's events, and how many events match in all (totalCount): the strip may hold only the newest. */
  setEvents(events: TimelineEvent[], total = events.length): void {
    this.events = events.filter((e) => !Number.isNaN(dayNumber(e.startDate ?? e.endDate)));
    this.total = Math.max(total, events.length);
    this.render();
  }

  /** The histogram of every event by period (not only the strip's newest 500). */
  setHistogram(bins: (Bin & { count: number })[]): void {
    this.hist = bins;
    this.render();
  }

  /** The events on the canvas, with their dates: the strip can zoom to them. */
  setOnCanvas(events: { id: string; start?: string; end?: string }[]): void {
    this.onCanvas = new Map(events.map((e) => [e.id, e]));
    this.render();
  }

  /**
   * The span the strip shows: the canvas's dated events when "fit to canvas"
   * is on and there are any (one old event would otherwise squeeze a month
   * of news into a sliver), else every event; padded so that the first and
   * last marks are not under the handles.
   */
  private domain(): [number, number] {
    if (this.zoom) return this.zoom;
    const span = (list: { start?: string | null; end?: string | null }[]) =>
      list.flatMap((e) => [dayNumber(e.start ?? e.end), dayNumber(e.end ?? e.start)]).filter((d) => !Number.isNaN(d));
    let days = this.fit.checked ? span([...this.onCanvas.values()]) : [];
    if (days.length === 0) days = span(this.events.map((e) => ({ start: e.startDate, end: e.endDate })));
    if (days.length === 0) {
      const today = Math.floor(Date.now() / 86400000);
      days = [today - 30, today];
    }
    const lo = Math.min(...days);
    const hi = Math.max(...days);
    const pad = Math.max(3, Math.round((hi - lo) * 0.04));
    return [lo - pad, hi + pad];
  }

  get(): Range {
    return { ...this.range };
  }

  /** Sets the range (from the URL, a control or a test) and tells main.ts. */
  set(r: Range, notify = true): void {
    if (r.from && r.to && r.from > r.to) r = { from: r.to, to: r.from };
    this.range = r;
    this.render();
    if (notify) this.onChange(this.get());
  }

  inRange(start: string | null | undefined, end: string | null | undefined): boolean {
    return inRange(this.range, start, end);
  }

  private x(day: number): number {
    return this.max === this.min ? 0 : ((day - this.min) / (this.max - this.min)) * 100;
  }

  private render(): void {
    [this.min, this.max] = this.domain();
    for (const sl of [this.sFrom, this.sTo]) {
      sl.min = String(this.min);
      sl.max = String(this.max);
    }
    const { from, to } = this.range;
    this.sFrom.value = String(from ? dayNumber(from) : this.min);
    this.sTo.value = String(to ? dayNumber(to) : this.max);
    this.dFrom.value = from ?? '';
    this.dTo.value = to ?? '';
    const clamp = (v: number) => Math.min(100, Math.max(0, v));
    const a = from ? clamp(this.x(dayNumber(from))) : 0;
    const b = to ? clamp(this.x(dayNumber(to))) : 100;
    let h = `<div class="band" style="left:${a}%;width:${Math.max(0, b - a)}%"></div>`;
    // The histogram of all events, behind the marks: a bar per period, as
    // high as its count against the highest.
    const top = Math.max(1, ...this.hist.map((x) => x.count));
    for (const bin of this.hist) {
      const s0 = dayNumber(bin.from);
      const s1 = dayNumber(bin.to) + 1;
      if (s1 < this.min || s0 > this.max || bin.count === 0) continue;
      const left = clamp(this.x(s0));
      const width = clamp(this.x(s1)) - left;
      h += `<div class="hist" data-from="${bin.from}" data-to="${bin.to}" data-count="${bin.count}" style="left:${left}%;width:${width}%;height:${Math.max(4, (bin.count / top) * 100)}%" title="${esc(`${bin.from.slice(0, 7)}${bin.to.slice(0, 7) !== bin.from.slice(0, 7) ? ` – ${bin.to.slice(0, 7)}` : ''}: ${count(bin.count)} event${bin.count === 1 ? '' : 's'}`)}"></div>`;
    }
    const sorted = [...this.events].sort((p, q) => (p.startDate ?? '').localeCompare(q.startDate ?? ''));
    let shown = 0;
    // Lanes: each mark goes to the first lane free at its start, so marks
    // overlap only when more than LANES events overlap in time.
    const LANES = 3;
    const laneEnd: number[] = new Array(LANES).fill(-Infinity);
    sorted.forEach((e) => {
      const s = dayNumber(e.startDate ?? e.endDate);
      const f = dayNumber(e.endDate ?? e.startDate);
      const inside = this.inRange(e.startDate, e.endDate);
      if (inside) shown++;
      if (f < this.min || s > this.max) return;
      let lane = laneEnd.findIndex((end) => end < s);
      if (lane < 0) lane = laneEnd.indexOf(Math.min(...laneEnd));
      laneEnd[lane] = Math.max(laneEnd[lane], f);
      const left = clamp(this.x(s));
      const width = Math.max(0.6, clamp(this.x(f + 1)) - left);
      const cls = `ev lane${lane}${inside ? '' : ' out'}${this.onCanvas.has(e.id) ? ' oncanvas' : ''}`;
      const date = e.endDate && e.endDate !== e.startDate ? `${e.startDate} – ${e.endDate}` : e.startDate ?? e.endDate;
      h += `<button type="button" class="${cls}" data-event="${esc(e.id)}" style="left:${left}%;width:${width}%;background:${eventColor(e.eventKind)}" title="${esc(`${e.title} — ${date}`)}" aria-label="${esc(`${e.title}, ${date}${inside ? '' : ', outside the time range'}`)}"></button>`;
    });
    this.strip.innerHTML = h;
    // Axis: a label per month when the span is short, per year when long.
    const span = this.max - this.min;
    const ticks: string[] = [];
    const first = new Date(isoFromDay(this.min) + 'T00:00:00Z');
    const step = span > 1200 ? 12 : span > 400 ? 3 : 1;
    const d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
    for (let n = 0; n < 60 && dayNumber(d.toISOString()) < this.max; n++) {
      const day = dayNumber(d.toISOString());
      // Labels too near an end would be cut in half.
      const at = this.x(day);
      if ((span < 60 || d.getUTCMonth() % step === 0) && at > 3 && at < 97) ticks.push(`<span style="left:${at}%">${d.toISOString().slice(0, 7)}</span>`);
      d.setUTCMonth(d.getUTCMonth() + 1);
    }
    if (span < 45) {
      // Short spans: mark days or weeks too, or the axis would be nearly empty.
      const every = span <= 16 ? 1 : span <= 30 ? 3 : 7;
      for (let day = this.min + 1; day < this.max; day += every) {
        const at = this.x(day + 0.5);
        if (at > 3 && at < 97) ticks.push(`<span style="left:${at}%">${isoFromDay(day).slice(5)}</span>`);
      }
    }
    this.axis.innerHTML = ticks.join('');
    const label = from || to ? `${from ?? 'the start'} to ${to ?? 'now'}` : 'all dates';
    this.summary.textContent = summary(shown, this.events.length, this.total, label);
    this.strip.dataset.min = isoFromDay(this.min);
    this.strip.dataset.max = isoFromDay(this.max);
    this.zoomOut.hidden = this.zoom === null;
  }
}

/**
 * Whether an event overlaps the range, the rule of the `events(where: {from, to})`
 * filter: it ends on or after `from` and starts on or before `to`. Undated
 * events are kept: nothing says they fall outside.
 */
export function inRange(r: Range, start: string | null | undefined, end: string | null | undefined): boolean {
  const s = start ?? end;
  const e = end ?? start;
  if (!s || !e) return true;
  if (r.from && e.slice(0, 10) < r.from) return false;
  if (r.to && s.slice(0, 10) > r.to) return false;
  return true;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The strip's summary. When the strip holds every event: "14 of 14 events in
 * all dates". When it holds only the newest: "500 of 12,345 events on the
 * strip (the newest); 320 of them in 2025-05-01 to now", never "500 of 500".
 */
export function summary(shown: number, loaded: number, total: number, label: string): string {
  if (loaded === 0) return total > 0 ? `${count(total)} events, none with a date` : 'No dated events yet';
  if (total <= loaded) return `${count(shown)} of ${count(loaded)} events in ${label}`;
  const strip = `${count(loaded)} of ${count(total)} events on the strip (the newest)`;
  return label === 'all dates' ? strip : `${strip}; ${count(shown)} of them in ${label}`;
}

/**
 * The days a brush from x0 to x1 (px, either order) covers on a strip
 * `width` px wide showing days min..max, rounded out to whole days; null
 * for a drag under 6 px (a click).
 */
export function brushSpan(x0: number, x1: number, width: number, min: number, max: number): [number, number] | null {
  const a = Math.max(0, Math.min(x0, x1));
  const b = Math.min(width, Math.max(x0, x1));
  if (b - a < 6 || width <= 0) return null;
  const day = (x: number) => min + (x / width) * (max - min);
  const lo = Math.floor(day(a));
  return [lo, Math.max(lo + 1, Math.ceil(day(b)))];
}

/** Playback moves a quarter of the window per frame (at least a day): each event is seen in about four frames. */
export function playStep(window: number): number {
  return Math.max(1, Math.round(window / 4));
}

/** The frame that starts at `from`: its range, and whether it reaches the end; null once past the end. */
export function playFrame(from: number, window: number, end: number): { from: number; to: number; last: boolean } | null {
  if (from > end) return null;
  const to = Math.min(end, from + window);
  return { from, to, last: to >= end };
}

export interface Bin {
  from: string;
  to: string;
}

/**
 * The periods of the histogram over lo..hi (ISO dates): whole months, or
 * 2, 3, 6, 12, 24… months at a time so that there are at most `maxBins`,
 * aligned to the first of a month; each bin's `to` is its last day.
 */
export function histogramBins(lo: string, hi: string, maxBins = 48): Bin[] {
  if (!isIsoDate(lo.slice(0, 10)) || !isIsoDate(hi.slice(0, 10)) || lo > hi) return [];
  const y0 = Number(lo.slice(0, 4));
  const m0 = Number(lo.slice(5, 7)) - 1;
  const months = (Number(hi.slice(0, 4)) - y0) * 12 + (Number(hi.slice(5, 7)) - 1 - m0) + 1;
  let k = 1;
  for (const step of [1, 2, 3, 6, 12]) {
    k = step;
    if (Math.ceil(months / step) <= maxBins) break;
  }
  while (Math.ceil(months / k) > maxBins) k *= 2;
  const start = k >= 12 ? m0 - (m0 % 12) : m0 - (m0 % k);
  const bins: Bin[] = [];
  for (let m = start; m < m0 + months; m += k) {
    const from = new Date(Date.UTC(y0, m, 1));
    const to = new Date(Date.UTC(y0, m + k, 0));
    bins.push({ from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) });
  }
  return bins;
}
