// The timeline strip: every event (newest 500) as a mark on a date axis, a
// two-handled range control below it and date inputs that mirror it.
// The range is the only state here; main.ts decides what it hides.

import type { TimelineEvent } from './api';
import { eventColor } from './styles';
import { $, dayNumber, esc, isIsoDate, isoFromDay } from './util';

export interface Range {
  from: string | null;
  to: string | null;
}

export class Timeline {
  private events: TimelineEvent[] = [];
  private min = 0;
  private max = 0;
  private range: Range = { from: null, to: null };
  private onCanvas = new Set<string>();
  private readonly strip = $('timeline-strip');
  private readonly axis = $('timeline-axis');
  private readonly sFrom = $('slider-from') as HTMLInputElement;
  private readonly sTo = $('slider-to') as HTMLInputElement;
  private readonly dFrom = $('range-from') as HTMLInputElement;
  private readonly dTo = $('range-to') as HTMLInputElement;
  private readonly summary = $('range-summary');

  constructor(
    private readonly onChange: (r: Range) => void,
    private readonly onPick: (id: string) => void,
  ) {
    const slid = () => {
      let a = +this.sFrom.value;
      let b = +this.sTo.value;
      if (a > b) [a, b] = [b, a];
      this.set({ from: a <= this.min ? null : isoFromDay(a), to: b >= this.max ? null : isoFromDay(b) });
    };
    this.sFrom.addEventListener('input', slid);
    this.sTo.addEventListener('input', slid);
    const typed = () => {
      const from = isIsoDate(this.dFrom.value) ? this.dFrom.value : null;
      const to = isIsoDate(this.dTo.value) ? this.dTo.value : null;
      this.set({ from, to });
    };
    this.dFrom.addEventListener('change', typed);
    this.dTo.addEventListener('change', typed);
    $('range-reset').addEventListener('click', () => this.set({ from: null, to: null }));
    this.strip.addEventListener('click', (ev) => {
      const b = (ev.target as HTMLElement).closest<HTMLElement>('[data-event]');
      if (b?.dataset.event) this.onPick(b.dataset.event);
    });
    window.addEventListener('resize', () => this.render());
  }

  setEvents(events: TimelineEvent[]): void {
    this.events = events.filter((e) => !Number.isNaN(dayNumber(e.startDate ?? e.endDate)));
    const days = this.events.flatMap((e) => [dayNumber(e.startDate ?? e.endDate), dayNumber(e.endDate ?? e.startDate)]);
    for (const r of [this.range.from, this.range.to]) if (r) days.push(dayNumber(r));
    if (days.length === 0) {
      const today = Math.floor(Date.now() / 86400000);
      days.push(today - 30, today);
    }
    // A little room either side so the first and last events are not under the handles.
    const lo = Math.min(...days);
    const hi = Math.max(...days);
    const pad = Math.max(3, Math.round((hi - lo) * 0.04));
    this.min = lo - pad;
    this.max = hi + pad;
    for (const s of [this.sFrom, this.sTo]) {
      s.min = String(this.min);
      s.max = String(this.max);
    }
    this.render();
  }

  setOnCanvas(ids: Iterable<string>): void {
    this.onCanvas = new Set(ids);
    this.render();
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
    const { from, to } = this.range;
    this.sFrom.value = String(from ? dayNumber(from) : this.min);
    this.sTo.value = String(to ? dayNumber(to) : this.max);
    this.dFrom.value = from ?? '';
    this.dTo.value = to ?? '';
    const a = from ? this.x(dayNumber(from)) : 0;
    const b = to ? this.x(dayNumber(to)) : 100;
    let h = `<div class="band" style="left:${a}%;width:${Math.max(0, b - a)}%"></div>`;
    const sorted = [...this.events].sort((p, q) => (p.startDate ?? '').localeCompare(q.startDate ?? ''));
    let shown = 0;
    sorted.forEach((e, i) => {
      const s = dayNumber(e.startDate ?? e.endDate);
      const f = dayNumber(e.endDate ?? e.startDate);
      const left = this.x(s);
      const width = Math.max(0.6, this.x(f + 1) - left);
      const inside = this.inRange(e.startDate, e.endDate);
      if (inside) shown++;
      const cls = `ev lane${i % 2}${inside ? '' : ' out'}${this.onCanvas.has(e.id) ? ' oncanvas' : ''}`;
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
      if (span < 60 || d.getUTCMonth() % step === 0) ticks.push(`<span style="left:${this.x(day)}%">${d.toISOString().slice(0, 7)}</span>`);
      d.setUTCMonth(d.getUTCMonth() + 1);
    }
    if (span < 45) {
      // Short spans: mark weeks too, or the axis would be nearly empty.
      for (let day = this.min + 1; day < this.max; day += 7) ticks.push(`<span style="left:${this.x(day)}%">${isoFromDay(day).slice(5)}</span>`);
    }
    this.axis.innerHTML = ticks.join('');
    const label = from || to ? `${from ?? 'the start'} to ${to ?? 'now'}` : 'all dates';
    this.summary.textContent = this.events.length ? `${shown} of ${this.events.length} events in ${label}` : 'No dated events yet';
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
