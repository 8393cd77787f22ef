// The map beside the graph: the seed's events placed where they happened on
// the bundled country outlines, with every request off the loopback
// interface aborted (no tile server, nothing fetched from the internet).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, idle, until, seed, shot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('map: the events in view at their places, on land, offline; a marker selects its events on the canvas', { timeout: 180000 }, async () => {
  const page = await newPage(browser, { width: 1600, height: 1000 });
  const offsite = [];
  await page.context().route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    offsite.push(u.href);
    return route.abort();
  });
  const events = seed.events.map((e) => e.id);
  await open(page, `?n=${events.join(',')}`);
  await page.locator('#btn-map').click();
  await page.waitForSelector('#map-svg .mark', { timeout: 30000 });
  await idle(page);

  // What the map must show comes from the seed: each event's location, or the nearest located parent.
  const locs = new Map(seed.locations.map((l) => [l.id, l]));
  const placed = new Map();
  for (const e of seed.events) {
    let l = locs.get(e.locationId);
    while (l && typeof l.latitude !== 'number') l = locs.get(l.parentId);
    if (!l) continue;
    const key = `${l.latitude.toFixed(3)},${l.longitude.toFixed(3)}`;
    placed.set(key, [...(placed.get(key) ?? []), e.id]);
  }
  const n = [...placed.values()].flat().length;
  assert.ok(placed.size >= 3 && n >= 5, `the seed places ${n} events at ${placed.size} places`);
  assert.equal(await page.locator('#map-summary').innerText(), `${n} of ${events.length} events in view placed at ${placed.size} places; ${events.length - n} without a located place.`);

  const marks = await page.evaluate(() => {
    const svg = document.getElementById('map-svg');
    const land = [...svg.querySelectorAll('.land path')];
    return [...svg.querySelectorAll('.mark')].map((g) => {
      const c = g.querySelector('circle');
      const pt = new DOMPoint(Number(c.getAttribute('cx')), Number(c.getAttribute('cy')));
      // The marker covers land: its centre or a point of its rim (a palace
      // on the Bosphorus is on the coast, which 1:110m outlines draw coarsely).
      const r = Number(c.getAttribute('r'));
      const rim = [pt, ...Array.from({ length: 12 }, (_, i) => new DOMPoint(pt.x + r * Math.cos((i * Math.PI) / 6), pt.y + r * Math.sin((i * Math.PI) / 6)))];
      return { place: g.dataset.place, events: g.dataset.events.split(',').sort(), onLand: rim.some((q) => land.some((p) => p.isPointInFill(q))), centreOnLand: land.some((p) => p.isPointInFill(pt)), x: pt.x, y: pt.y, w: svg.clientWidth, h: svg.clientHeight };
    });
  });
  assert.deepEqual(marks.map((m) => m.events).sort(), [...placed.values()].map((v) => v.sort()).sort(), 'one marker per place, holding its events');
  for (const m of marks) {
    assert.ok(m.onLand, `${m.place} is drawn on a country, not at sea`);
    if (m.place !== 'Dolmabahçe Palace') assert.ok(m.centreOnLand, `${m.place}'s centre is on land`);
    assert.ok(m.x > 0 && m.x < m.w && m.y > 0 && m.y < m.h, `${m.place} inside the map`);
  }
  const countries = await page.locator('#map-svg .land path').count();
  assert.ok(countries > 150, `the basemap has the world's countries (${countries} polygons)`);
  // Moscow is north-east of Istanbul.
  const at = (name) => marks.find((m) => m.place === name);
  const moscow = at(locs.get('moscow').name);
  const palace = at(locs.get('dolmabahce-palace').name);
  assert.ok(moscow.y < palace.y && moscow.x > palace.x, 'Moscow above and right of Istanbul');

  // The map sits beside the canvas, which shrank to make room.
  const boxes = await page.evaluate(() => ({ cy: document.getElementById('cy').getBoundingClientRect().toJSON(), map: document.getElementById('map').getBoundingClientRect().toJSON() }));
  assert.ok(Math.abs(boxes.map.left - boxes.cy.right) < 2 && Math.abs(boxes.map.top - boxes.cy.top) < 2, 'side by side');
  await shot(page, 'map');

  // A marker selects its events on the canvas.
  await page.locator(`#map-svg .mark[data-place="${palace.place}"]`).click();
  await until(page, (ids) => JSON.stringify(window.explorer.cy.nodes(':selected').map((x) => x.id()).sort()) === JSON.stringify(ids), palace.events, 'the palace marker should select its events');
  assert.equal(await page.locator(`#map-svg .mark[data-place="${palace.place}"]`).getAttribute('class'), 'mark sel');

  // A time range that ends before the talks takes them off the map.
  await page.evaluate(() => window.explorer.timeline.set({ from: null, to: '2025-05-10' }));
  // (Undated events stay, as on the canvas.)
  const talks = 'istanbul-talks-2025-05-16';
  await until(page, (id) => ![...document.querySelectorAll('#map-svg .mark')].some((g) => g.dataset.events.split(',').includes(id)), talks, 'events hidden by the time range leave the map');
  const left = await page.evaluate(() => [...document.querySelectorAll('#map-svg .mark')].flatMap((g) => g.dataset.events.split(',')));
  const visible = await page.evaluate(() => window.explorer.cy.nodes('[type="EVENT"]:visible').map((n) => n.id()));
  for (const id of left) assert.ok(visible.includes(id), `${id} on the map is drawn on the canvas`);
  assert.deepEqual(offsite, [], 'nothing asked of another host');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});
