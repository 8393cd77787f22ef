// Search by type: one search per type (the service ranks all types together,
// so a city named in many event titles used to be crowded out), exact names
// first, a filter per type, each type paged. And the timeline's summary says
// how many events match in all (totalCount), not only how many it holds.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, idle, launch, newPage, open, seed, shot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function searchFor(page, q) {
  await page.locator('#search-input').fill(q);
  await page.locator('#search-form button[type="submit"]').click();
  await page.locator('#search-results section').first().waitFor({ timeout: 30000 });
  await idle(page, 30000);
}

const sections = (page) => page.locator('#search-results section').evaluateAll((s) => s.map((x) => ({ type: x.dataset.type, ids: [...x.querySelectorAll('button[data-pick]')].map((b) => b.dataset.pick) })));

test('search: grouped by type, the exact name first, a filter per type', { timeout: 120000 }, async () => {
  const page = await newPage(browser);
  await open(page);
  // The seed's city of Istanbul: named in event titles and summaries too.
  const city = seed.locations.find((l) => l.name === 'Istanbul');
  await searchFor(page, 'Istanbul');
  let groups = await sections(page);
  assert.equal(groups[0].type, 'LOCATION', `the type with the exact name comes first: ${JSON.stringify(groups)}`);
  assert.equal(groups[0].ids[0], city.id);
  assert.ok(groups.some((g) => g.type === 'EVENT'), 'events that mention Istanbul are found too');
  assert.deepEqual(groups.map((g) => g.type), [...new Set(groups.map((g) => g.type))], 'one group per type');
  assert.equal(await page.locator('#search-results li.exact button').first().getAttribute('data-pick'), city.id);

  // Accents do not count: "Turkiye" is exactly Türkiye (the state and the country).
  await searchFor(page, 'Turkiye');
  const exact = await page.locator('#search-results li.exact button').evaluateAll((b) => b.map((x) => x.dataset.label));
  assert.ok(exact.length >= 1 && exact.every((l) => l === 'Türkiye'), `exact hits for Turkiye: ${exact}`);

  // The filters: switching events off hides their group, on shows it again.
  await searchFor(page, 'Istanbul');
  const evFilter = page.locator('#search-results [data-filter="EVENT"]');
  assert.equal(await evFilter.getAttribute('aria-pressed'), 'true');
  await evFilter.click();
  groups = await sections(page);
  assert.ok(!groups.some((g) => g.type === 'EVENT'), 'events switched off');
  assert.ok(groups.some((g) => g.type === 'LOCATION'), 'the rest stays');
  assert.equal(await page.locator('#search-results [data-filter="EVENT"]').getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('#search-results').isVisible(), true, 'a filter click keeps the results open');
  await page.locator('#search-results [data-filter="EVENT"]').click();
  assert.ok((await sections(page)).some((g) => g.type === 'EVENT'), 'events back');
  await shot(page, 'search-by-type');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('search: each type paged with More, no hit twice, the keyboard on the first new one', { timeout: 120000 }, async () => {
  const page = await newPage(browser);
  await open(page);
  // The seed's positions about Russia are more than one page.
  await searchFor(page, 'Russia');
  const first = (await sections(page)).find((g) => g.type === 'POSITION');
  assert.ok(first && first.ids.length === 5, `a first page of 5 positions: ${JSON.stringify(first)}`);
  await page.locator('#search-results [data-more="POSITION"]').click();
  await page.waitForFunction((n) => document.querySelectorAll('#search-results section[data-type="POSITION"] button[data-pick]').length > n, first.ids.length, { timeout: 30000 });
  const second = (await sections(page)).find((g) => g.type === 'POSITION');
  assert.ok(second.ids.length > first.ids.length && second.ids.length <= 10, `the second page: ${second.ids.length}`);
  assert.equal(new Set(second.ids).size, second.ids.length, 'no position twice');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.pick), second.ids[first.ids.length], 'focus on the first new hit');
  // Paging one type leaves the others as they were.
  const actors = (await sections(page)).find((g) => g.type === 'ACTOR');
  assert.equal(actors.ids[0], 'russia', 'the exact name Russia first among actors');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('timeline: the summary counts every matching event (totalCount), "500 of 12,345"', { timeout: 120000 }, async () => {
  const page = await newPage(browser);
  const real = seed.events.filter((e) => e.startDate || e.endDate).length;
  // The service's real answer, with a totalCount as a big graph would give:
  // the strip holds what was fetched, the summary must say how many exist.
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON();
    if (!/query Timeline/.test(body?.query ?? '')) return route.continue();
    const res = await route.fetch();
    const json = await res.json();
    json.data.events.totalCount = 12345;
    return route.fulfill({ response: res, json });
  });
  await open(page);
  const text = await page.locator('#range-summary').innerText();
  assert.equal(text, `${real} of 12,345 events on the strip (the newest)`);
  await page.unroute('**/graphql');
  await page.context().close();

  // Without the rewrite: the seed's own count, all of it on the strip.
  const plain = await newPage(browser);
  await open(plain);
  assert.equal(await plain.locator('#range-summary').innerText(), `${real} of ${real} events in all dates`);
  await plain.context().close();
});
