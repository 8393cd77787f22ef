// The forecast record in the explorer: a forecast still open after its
// window has ended is marked overdue in the inspector (the service derives
// the status), and a source's inspector shows its record, with the counts the
// service's forecastScores gives.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, open, seed, shot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function gql(query, variables = {}) {
  const r = await fetch(`${BASE}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = await r.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function noScriptErrors(page) {
  assert.deepEqual(page.errors.map(String), [], 'the explorer threw');
}

test('an overdue forecast is marked in the inspector, an open one is not', { timeout: 120000 }, async () => {
  const source = seed.sources[0].id;
  const { overdue, open: stillOpen } = await gql(
    `query($s: ID!) { overdue: forecasts(where: {sourceId: $s, statuses: [OVERDUE]}) { edges { node { id windowEnd } } }
      open: forecasts(where: {sourceId: $s, statuses: [OPEN]}) { edges { node { id windowEnd } } } }`, { s: source });
  assert.ok(overdue.edges.length > 0 && stillOpen.edges.length > 0, 'the article has overdue and open forecasts');
  const late = overdue.edges[0].node;
  const page = await newPage(browser);
  await open(page, `?n=${late.id}&sel=${late.id}`);
  await page.locator('#inspector .forecast .status').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('#inspector .forecast .status').getAttribute('data-status'), 'OVERDUE');
  assert.match(await page.locator('#inspector .forecast .status').getAttribute('class'), /\boverdue\b/);
  await shot(page, 'forecast-overdue');
  const fresh = stillOpen.edges[0].node;
  await open(page, `?n=${fresh.id}&sel=${fresh.id}`);
  await page.locator('#inspector .forecast .status[data-status="OPEN"]').waitFor({ timeout: 60000 });
  assert.doesNotMatch(await page.locator('#inspector .forecast .status').getAttribute('class'), /\boverdue\b/);
  noScriptErrors(page);
  await page.context().close();
});

test("a source's inspector shows its forecast record", { timeout: 120000 }, async () => {
  const source = seed.sources[0].id;
  const [rec] = (await gql(`query($s: ID!) { forecastScores(by: SOURCE, where: {sourceId: $s}) { issued overdue resolved } }`, { s: source })).forecastScores;
  assert.equal(rec.issued, seed.forecasts.filter((f) => f.sourceId === source).length);
  const page = await newPage(browser);
  await open(page, `?n=${source}&sel=${source}`);
  await page.locator('#inspector .record').waitFor({ timeout: 60000 });
  const counts = await page.locator('#inspector .record .counts').innerText();
  assert.match(counts, new RegExp(`^${rec.issued} issued · ${rec.resolved} resolved`));
  assert.match(counts, new RegExp(`${rec.overdue} overdue`));
  // The seed settles nothing: no Brier score, no calibration rows.
  const brier = await page.locator('#inspector .record .brier').innerText();
  if (rec.resolved) assert.match(brier, /^\d\.\d{3}$/);
  else assert.equal(brier, '–');
  assert.equal(await page.locator('#inspector table.calibration').count(), rec.resolved ? 1 : 0);
  await shot(page, 'source-record');
  noScriptErrors(page);
  await page.context().close();
});
