// The timeline strip: a real drag across it zooms it to the dragged dates
// (Zoom out goes back); Play slides the range across the strip, and the
// canvas shows each window's events.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, open, until, seed, shot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Every event with its dates, listed page by page (not counted by the service). */
async function allEvents() {
  const out = [];
  let after = null;
  for (;;) {
    const r = await fetch(`${BASE}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query($after: String) { events(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id startDate endDate } } } }', variables: { after } }) });
    const d = (await r.json()).data.events;
    for (const e of d.edges) out.push(e.node);
    if (!d.pageInfo.hasNextPage) return out;
    after = d.pageInfo.endCursor;
  }
}

test('timeline histogram: a bar per period counts every event that overlaps it, as the listing of all events says', { timeout: 120000 }, async () => {
  const page = await newPage(browser, { width: 1600, height: 1000 });
  await open(page);
  await page.uncheck('#strip-fit');
  await page.waitForSelector('#timeline-strip .hist', { timeout: 30000 });
  const bars = await page.locator('#timeline-strip .hist').evaluateAll((bs) => bs.map((b) => ({ from: b.dataset.from, to: b.dataset.to, count: Number(b.dataset.count), h: parseFloat(b.style.height) })));
  const events = (await allEvents()).filter((e) => e.startDate);
  for (const b of bars) {
    const want = events.filter((e) => (e.endDate ?? e.startDate).slice(0, 10) >= b.from && e.startDate.slice(0, 10) <= b.to).length;
    assert.equal(b.count, want, `${b.from}..${b.to}`);
  }
  const counted = new Set(events.filter((e) => bars.some((b) => (e.endDate ?? e.startDate).slice(0, 10) >= b.from && e.startDate.slice(0, 10) <= b.to)).map((e) => e.id));
  assert.equal(counted.size, events.length, 'every dated event falls in some bar');
  const top = Math.max(...bars.map((b) => b.count));
  for (const b of bars) assert.ok(Math.abs(b.h - Math.max(4, (b.count / top) * 100)) < 0.01, 'bar heights follow the counts');
  await shot(page, 'timeline-histogram');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

const day = (iso) => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86400000);

test('timeline: brush to zoom, zoom out, and playback over the seed', { timeout: 180000 }, async () => {
  const page = await newPage(browser, { width: 1600, height: 1000 });
  // The 2025 events only: the 2022 talks would squeeze May into a sliver.
  const events = seed.events.filter((e) => (e.startDate ?? '').startsWith('2025-05'));
  await open(page, `?n=${events.map((e) => e.id).join(',')}`);
  const strip = page.locator('#timeline-strip');
  const before = await strip.evaluate((s) => ({ min: s.dataset.min, max: s.dataset.max }));
  const box = await strip.boundingBox();

  // A real drag from a quarter to three quarters of the strip.
  const x0 = box.x + box.width * 0.25;
  const x1 = box.x + box.width * 0.75;
  const y = box.y + box.height - 3;
  await page.mouse.move(x0, y);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, y, { steps: 4 });
  assert.equal(await page.locator('#timeline-strip .brush').count(), 1, 'the brush is drawn while dragging');
  await page.mouse.move(x1, y, { steps: 4 });
  await page.mouse.up();
  const lo = day(before.min);
  const hi = day(before.max);
  const want = [Math.floor(lo + 0.25 * (hi - lo)), Math.ceil(lo + 0.75 * (hi - lo))];
  const zoomed = await strip.evaluate((s) => ({ min: s.dataset.min, max: s.dataset.max }));
  assert.ok(Math.abs(day(zoomed.min) - want[0]) <= 1 && Math.abs(day(zoomed.max) - want[1]) <= 1, `zoomed to ${zoomed.min}..${zoomed.max}, want about day ${want}`);
  assert.equal(await page.locator('#timeline-strip .brush').count(), 0);
  assert.equal(await page.locator('#strip-zoomout').isVisible(), true);
  // Marks outside the zoom are not drawn; those inside are, where their dates say.
  const marks = await page.locator('#timeline-strip .ev').evaluateAll((bs) => bs.map((b) => b.dataset.event));
  for (const e of events) {
    const d = day(e.startDate);
    const inside = d >= day(zoomed.min) && d <= day(zoomed.max);
    if (inside) assert.ok(marks.includes(e.id), `${e.id} (${e.startDate}) inside the zoom is marked`);
    else if (day(e.endDate ?? e.startDate) < day(zoomed.min) || d > day(zoomed.max)) assert.ok(!marks.includes(e.id), `${e.id} (${e.startDate}) outside the zoom is not marked`);
  }
  assert.equal(await page.evaluate(() => window.explorer.timeline.get().from), null, 'a brush zooms; it does not filter');
  await shot(page, 'timeline-brush');
  await page.locator('#strip-zoomout').click();
  assert.deepEqual(await strip.evaluate((s) => ({ min: s.dataset.min, max: s.dataset.max })), before);

  // Playback, fast: each frame is a range; the canvas shows that window's dated events.
  await page.evaluate(() => {
    window.explorer.timeline.playMs = 150;
  });
  const frames = [];
  await page.exposeFunction('frameSeen', (f) => frames.push(f));
  await page.evaluate(() => {
    const obs = new MutationObserver(() => {
      const r = window.explorer.timeline.get();
      const shown = window.explorer.cy.nodes('[type="EVENT"]').filter((n) => !n.hasClass('time-hidden')).map((n) => n.id());
      window.frameSeen({ ...r, shown });
    });
    obs.observe(document.getElementById('range-summary'), { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#play').click();
  assert.equal(await page.locator('#play').innerText(), 'Pause');
  await until(page, () => document.getElementById('play').textContent === 'Play', null, 'playback should reach the end', 60000);
  const ranges = [...new Map(frames.filter((f) => f.from && f.to).map((f) => [`${f.from}..${f.to}`, f])).values()];
  assert.ok(ranges.length >= 4, `${ranges.length} frames`);
  for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i].from > ranges[i - 1].from, 'the window moves forward');
  assert.equal(ranges.at(-1).to, before.max, 'the last frame ends at the strip\'s end');
  for (const f of ranges) {
    for (const e of events) {
      const s = e.startDate.slice(0, 10);
      const en = (e.endDate ?? e.startDate).slice(0, 10);
      const inside = en >= f.from && s <= f.to;
      assert.equal(f.shown.includes(e.id), inside, `${e.id} (${s}) in the frame ${f.from}..${f.to}`);
    }
  }
  assert.ok(ranges.some((f) => f.shown.length < events.length), 'some frame hides some events');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});
