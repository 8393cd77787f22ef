// Timings on whatever graph the service holds (the docs' figures come from
// a few thousand generated events: go run ./bench/gen -scale S -batches 10):
// search for the busiest actor, expand at depth 2 around it (preview, then
// draw), and the timeline over all events. Printed, not asserted (speed is
// measured, never asserted in a test); what each step must show is.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, open, idle, until, shot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function gql(query, variables = {}) {
  const r = await fetch(`${BASE}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const b = await r.json();
  if (b.errors) throw new Error(JSON.stringify(b.errors));
  return b.data;
}

/** The actor with the most events, by paging through every actor (setup, not timed). */
async function busiest() {
  let after = null;
  let best = null;
  let actors = 0;
  for (;;) {
    const d = await gql('query($after: String) { actors(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name events(first: 1) { totalCount } } } } }', { after });
    for (const { node } of d.actors.edges) {
      actors++;
      if (!best || node.events.totalCount > best.events) best = { id: node.id, name: node.name, events: node.events.totalCount };
    }
    if (!d.actors.pageInfo.hasNextPage) break;
    after = d.actors.pageInfo.endCursor;
  }
  return { ...best, actors };
}

test('timings: search, expand at depth 2 around the busiest actor, the timeline over all events', { timeout: 600000 }, async () => {
  const hub = await busiest();
  const total = (await gql('{ events(first: 1) { totalCount } }')).events.totalCount;
  console.log(`# graph: ${total.toLocaleString('en-US')} events, ${hub.actors.toLocaleString('en-US')} actors; busiest actor ${hub.name} (${hub.id}) in ${hub.events} events`);
  const page = await newPage(browser, { width: 1600, height: 1000 });
  const t = {};

  // The timeline over all events: page open to the strip drawn with its total.
  let t0 = Date.now();
  await page.goto('/explore');
  await until(page, (n) => new RegExp(`of ${n.toLocaleString('en-US')} events`).test(document.getElementById('range-summary').textContent), total, 'the timeline should say the total', 120000);
  t.timeline = Date.now() - t0;
  const summary = await page.locator('#range-summary').innerText();
  const marks = await page.locator('#timeline-strip .ev').count();
  await page.waitForSelector('body[data-ready="true"]');
  await idle(page);

  // Search: typed and submitted to the results grouped by type, the actor among them.
  await page.fill('#search-input', hub.name);
  t0 = Date.now();
  await page.locator('#search-form button[type="submit"]').click();
  await page.locator(`#search-results button[data-pick="${hub.id}"]`).waitFor({ timeout: 60000 });
  t.search = Date.now() - t0;
  await page.locator(`#search-results button[data-pick="${hub.id}"]`).click();
  await until(page, (id) => window.explorer.cy.getElementById(id).selected(), hub.id, 'the actor should be added and selected');
  await idle(page);

  // Expand at depth 2: the request and grouping up to the preview, then drawing (links, layout).
  await page.selectOption('#expand-depth', '2');
  t0 = Date.now();
  await page.locator('#btn-expand').click();
  await page.waitForSelector('#expand-preview:not([hidden])', { timeout: 120000 });
  t.preview = Date.now() - t0;
  const preview = await page.locator('#preview-title').innerText();
  t0 = Date.now();
  await page.locator('#expand-preview button[data-act="draw"]').click();
  await until(page, () => /^Added \d+ node/.test(document.getElementById('status').innerText), null, 'the expansion should be drawn', 180000);
  await idle(page, 180000);
  t.draw = Date.now() - t0 - 500; // idle() waits 500 ms for animations
  const drawn = await page.evaluate(() => ({ nodes: window.explorer.cy.nodes().length, edges: window.explorer.cy.edges().length, clusters: window.explorer.clusters().length, held: window.explorer.clusters().reduce((s, c) => s + c.count, 0) }));
  const status = await page.locator('#status').innerText();
  await shot(page, 'timings-depth2');

  console.log(`# timeline: ${t.timeline} ms from opening the page to the strip (${summary}; ${marks} marks)`);
  console.log(`# search "${hub.name}": ${t.search} ms to the grouped results`);
  console.log(`# expand depth 2 around ${hub.name}: ${t.preview} ms to the preview ("${preview}"), then ${t.draw} ms to draw ${drawn.nodes} nodes and ${drawn.edges} edges (${drawn.clusters} clusters holding ${drawn.held}): ${t.preview + t.draw} ms in all`);
  assert.ok(marks > 0 && marks <= 500);
  assert.ok(drawn.nodes > 1, status);
  assert.ok(drawn.nodes <= 1000, `${drawn.nodes} nodes drawn`);
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});
