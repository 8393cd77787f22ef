// The workspace on the seed: style by property with a legend that filters,
// multi-select, undo and redo, export of what is drawn as GraphML and CSV
// (built in the page), and a saved view that comes back, positions and
// filters included, from its link in a fresh browser context.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, open, idle, until, seed, seedEvent, shot } from './helpers.mjs';

const TALKS = 'istanbul-talks-2025-05-16';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const drawn = (page) => page.evaluate(() => window.explorer.cy.nodes(':visible').map((n) => n.id()).sort());

test('workspace: style by kind, the legend hides persons, multi-select, undo/redo, GraphML and CSV of what is drawn, a saved view restored from its link', { timeout: 240000 }, async () => {
  const talks = seedEvent(TALKS);
  const page = await newPage(browser, { width: 1600, height: 1000 });
  await open(page, `?n=${TALKS}`);
  await page.evaluate((id) => window.explorer.cy.getElementById(id).select(), TALKS);
  await page.locator('#btn-expand').click();
  await until(page, () => /^Added \d+ nodes/.test(document.getElementById('status').innerText), null, 'the talks should expand');
  await idle(page);
  const all = await drawn(page);
  for (const p of talks.participants) assert.ok(all.includes(p.actorId), `${p.actorId} drawn`);

  // Style by kind: one row per kind with its count, from the nodes drawn.
  await page.selectOption('#style-by', 'kind');
  await until(page, () => /style=kind/.test(location.search), null, 'the style should enter the URL');
  const rows = await page.locator('#style-legend button').evaluateAll((bs) => bs.map((b) => ({ value: b.dataset.value, count: Number(b.querySelector('.count').textContent), color: b.querySelector('i').style.background })));
  const kinds = await page.evaluate(() => {
    const m = {};
    window.explorer.cy.nodes().forEach((n) => {
      const k = n.data('props')?.kind ?? '(none)';
      m[k] = (m[k] ?? 0) + 1;
    });
    return m;
  });
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.value, r.count])), kinds);
  assert.equal(new Set(rows.map((r) => r.color)).size, rows.length, 'one colour per value');
  const personColor = await page.evaluate(() => window.explorer.cy.nodes('[kind="PERSON"]').first().data('color'));
  assert.equal(personColor.replace(/\s/g, ''), await page.locator('#style-legend button[data-value="PERSON"] i').evaluate((i) => getComputedStyle(i).backgroundColor.replace(/\s/g, '')).then((rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).map(Number);
    return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }));

  // The legend is a filter: persons off.
  await page.locator('#style-legend button[data-value="PERSON"]').click();
  await until(page, () => /off=PERSON/.test(location.search), null, 'the filter should enter the URL');
  const persons = talks.participants.map((p) => p.actorId).filter((id) => seed.actors.find((a) => a.id === id)?.kind === 'PERSON');
  assert.ok(persons.length >= 3);
  const withoutPersons = await drawn(page);
  for (const id of persons) assert.ok(!withoutPersons.includes(id), `${id} hidden by the legend`);
  assert.equal(await page.locator('#style-legend button[data-value="PERSON"]').getAttribute('aria-pressed'), 'false');
  await shot(page, 'style-legend');

  // Multi-select: all drawn, then the same type as one node, then none.
  await page.selectOption('#select-by', 'all');
  assert.deepEqual(await page.evaluate(() => window.explorer.cy.nodes(':selected').map((n) => n.id()).sort()), withoutPersons);
  await page.evaluate((id) => {
    const cy = window.explorer.cy;
    cy.nodes().unselect();
    cy.getElementById(id).select();
  }, TALKS);
  await page.selectOption('#select-by', 'type');
  const events = await page.evaluate(() => window.explorer.cy.nodes('[type="EVENT"]:visible').map((n) => n.id()).sort());
  assert.deepEqual(await page.evaluate(() => window.explorer.cy.nodes(':selected').map((n) => n.id()).sort()), events);
  await page.selectOption('#select-by', 'none');
  assert.equal(await page.evaluate(() => window.explorer.cy.nodes(':selected').length), 0);

  // Export: what is drawn, built in the page.
  const [gml] = await Promise.all([page.waitForEvent('download'), page.locator('#btn-graphml').click()]);
  assert.match(gml.suggestedFilename(), /^eventgraph-\d{4}-\d{2}-\d{2}\.graphml$/);
  const xml = readFileSync(await gml.path(), 'utf8');
  const gNodes = [...xml.matchAll(/<node id="([^"]+)">/g)].map((m) => m[1]).sort();
  assert.deepEqual(gNodes, withoutPersons, 'GraphML holds the drawn nodes, not those the legend hides');
  const gEdges = [...xml.matchAll(/<edge id="[^"]+" source="([^"]+)" target="([^"]+)">/g)];
  const visibleEdges = await page.evaluate(() => window.explorer.cy.edges(':visible').reduce((s, e) => s + (e.data('eids')?.length ?? 1), 0));
  assert.equal(gEdges.length, visibleEdges);
  for (const [, s, t] of gEdges) assert.ok(gNodes.includes(s) && gNodes.includes(t), `edge ${s} -> ${t} between exported nodes`);
  assert.match(xml, new RegExp(`<node id="${TALKS}"><data key="n_type">EVENT</data><data key="n_label">${talks.title.replace(/[–]/g, '.')}</data>`));
  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  await page.locator('#btn-csv').click();
  await until(page, () => /-edges\.csv/.test(document.getElementById('status').innerText), null, 'the CSV export should finish');
  await page.waitForTimeout(500);
  assert.deepEqual(downloads.map((d) => d.suggestedFilename().replace(/\d{4}-\d{2}-\d{2}/, 'D')).sort(), ['eventgraph-D-edges.csv', 'eventgraph-D-nodes.csv']);
  const nodesCsv = readFileSync(await downloads.find((d) => /nodes/.test(d.suggestedFilename())).path(), 'utf8').trim().split('\r\n');
  assert.match(nodesCsv[0], /^id,type,label,/);
  assert.deepEqual(nodesCsv.slice(1).map((l) => l.split(',')[0]).sort(), withoutPersons);
  const edgesCsv = readFileSync(await downloads.find((d) => /edges/.test(d.suggestedFilename())).path(), 'utf8').trim().split('\r\n');
  assert.equal(edgesCsv.length - 1, visibleEdges);

  // Undo and redo: dismiss the talks' location, undo brings it back where it was.
  const loc = talks.locationId;
  assert.ok(loc && withoutPersons.includes(loc), 'the talks have a location on the canvas');
  const at = await page.evaluate((id) => ({ ...window.explorer.cy.getElementById(id).position() }), loc);
  await page.evaluate((id) => window.explorer.cy.getElementById(id).select(), loc);
  await page.locator('#btn-dismiss').click();
  await until(page, (id) => window.explorer.cy.getElementById(id).empty(), loc, 'the location should be dismissed');
  await page.locator('#btn-undo').click();
  assert.deepEqual(await page.evaluate((id) => ({ ...window.explorer.cy.getElementById(id).position() }), loc), at, 'undo puts it back where it was');
  await page.locator('#btn-redo').click();
  assert.equal(await page.evaluate((id) => window.explorer.cy.getElementById(id).empty(), loc), true, 'redo dismisses it again');
  await page.keyboard.press('Control+z');
  assert.equal(await page.evaluate((id) => window.explorer.cy.getElementById(id).nonempty(), loc), true, 'Ctrl+Z undoes');

  // A saved view: name, nodes, positions, filters; in the browser and as a link.
  await page.evaluate((id) => window.explorer.cy.getElementById(id).position({ x: 777, y: -333 }), TALKS);
  await page.fill('#view-name', 'Istanbul, no persons');
  await page.locator('#views-form button[type="submit"]').click();
  await until(page, () => /Saved “Istanbul, no persons”/.test(document.getElementById('views-note').textContent), null, 'the view should be saved');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('eventgraph.views')));
  assert.equal(stored.length, 1);
  assert.equal(stored[0].name, 'Istanbul, no persons');
  const positions = await page.evaluate(() => Object.fromEntries(window.explorer.cy.nodes().map((n) => [n.id(), [Math.round(n.position().x), Math.round(n.position().y)]])));
  const href = await page.locator('#views-list a').first().getAttribute('href');
  assert.match(href, /pos=/);
  assert.match(href, /off=PERSON/);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('#views-list a').first().innerText(), 'Istanbul, no persons', 'kept across a reload');

  // The link in a fresh context (nothing in its storage): same nodes, same places, same filter.
  const other = await newPage(browser, { width: 1600, height: 1000 });
  await open(other, href.replace(/^https?:\/\/[^/]+\/explore/, ''));
  const back = await other.evaluate(() => Object.fromEntries(window.explorer.cy.nodes().map((n) => [n.id(), [Math.round(n.position().x), Math.round(n.position().y)]])));
  assert.deepEqual(back, positions, 'every node where it was saved');
  assert.deepEqual(await drawn(other), withoutPersons, 'persons still hidden by the legend');
  assert.equal(await other.locator('#style-by').inputValue(), 'kind');
  assert.equal(await other.evaluate(() => localStorage.getItem('eventgraph.views')), null);
  assert.deepEqual(page.errors.map(String), []);
  assert.deepEqual(other.errors.map(String), []);
  await other.context().close();
  await page.context().close();
});
