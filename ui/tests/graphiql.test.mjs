// GraphiQL at / works with the network cut off: every request that does not
// go to the loopback interface is aborted by route interception, as a
// network without internet access would, and the page must still load, run
// a query against /graphql and open its documentation explorer.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, seed, shot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const loopback = (url) => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
};

test('GraphiQL offline: runs a query and opens the docs with every non-loopback request blocked', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: BASE });
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (loopback(url)) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.goto('/');
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: 30000 });

    // A query whose answer the seed decides: one of its actors, by name.
    const actor = seed.actors.find((a) => a.kind === 'PERSON' && a.name) ?? seed.actors[0];
    const query = `{ search(query: ${JSON.stringify(actor.name)}, kinds: [ACTOR], first: 3) { node { id ... on Actor { name } } } }`;
    await page.evaluate((q) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q), query);
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      (id) => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue().includes(id),
      actor.id,
      { timeout: 30000 },
    );
    const answer = JSON.parse(await page.evaluate(() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()));
    assert.equal(answer.errors, undefined, `the query failed: ${JSON.stringify(answer.errors)}`);
    assert.ok(
      answer.data.search.some((h) => h.node.id === actor.id && h.node.name === actor.name),
      `search for ${actor.name} answered ${JSON.stringify(answer.data.search)}`,
    );

    // The docs explorer: built from the schema GraphiQL introspected over /graphql.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.waitFor({ timeout: 10000 });
    await docs.getByRole('link', { name: 'Query' }).first().click();
    await docs.locator('.graphiql-doc-explorer-field-name', { hasText: /^search$/ }).first().click();
    await page.waitForFunction(() => document.querySelector('.graphiql-doc-explorer-title')?.textContent === 'search', null, { timeout: 10000 });
    const text = await docs.innerText();
    assert.match(text, /SearchHit/, 'the docs of Query.search name its result type');
    await shot(page, 'graphiql-offline');

    assert.deepEqual(blocked, [], 'GraphiQL asked for something off this machine');
    assert.deepEqual(errors, [], 'GraphiQL logged errors');
  } finally {
    await context.close();
  }
});
