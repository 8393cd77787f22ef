// The inspector's duplicate candidates in real headless Chromium against the
// running service ($EVENTGRAPH_URL): an actor's likely duplicate is listed
// with its reasons, "Merge into this" asks for a writer key, merges with
// one (the merged node leaves the canvas and its id reads as the kept
// actor), and Undo gives it back. The test makes and deletes actors of its
// own (ui-merge-...), so the seed stays as it was.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, canvas, idle, launch, newPage, open, until } from './helpers.mjs';

const WRITER = process.env.EVENTGRAPH_WRITER_KEY || 'dev-writer-key';
const KEEP = 'ui-merge-keep';
const DUP = 'ui-merge-dup';
const EVENT = 'ui-merge-event';

async function graphql(query, variables = {}, key = WRITER) {
  const r = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  assert.ok(!body.errors, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function cleanup() {
  await graphql(`mutation { e: deleteEvent(id: "${EVENT}") { deleted } a: deleteActor(id: "${KEEP}") { deleted } b: deleteActor(id: "${DUP}") { deleted } }`);
}

let browser;
before(async () => {
  await cleanup();
  await graphql(`mutation($in: IngestInput!) { ingest(input: $in) { created } }`, {
    in: {
      actors: [
        { id: KEEP, name: 'Uitest Merge Land', kind: 'STATE', countryCode: 'TUR' },
        { id: DUP, name: 'UITEST MERGE LAND', kind: 'ORGANIZATION', countryCode: 'TUR', codes: ['UIMRG'] },
      ],
      events: [{ id: EVENT, title: 'ui merge meeting', kind: 'CONSULT', startDate: '2025-05-18', participants: [{ actorId: DUP }] }],
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await cleanup();
});

const readsAs = async (id) => (await graphql(`query($id: ID!) { actor(id: $id) { id } }`, { id })).actor?.id;

test('the inspector lists an actor\'s duplicate candidates with reasons, and merges one into it and back', { timeout: 180000 }, async () => {
  const page = await newPage(browser);
  await open(page, `?n=${KEEP},${DUP}&sel=${KEEP}`);
  const row = page.locator(`#inspector .candidates li[data-id="${DUP}"]`);
  await row.waitFor({ timeout: 60000 });
  assert.match(await row.innerText(), /UITEST MERGE LAND/);
  const reasons = await row.locator('.reason').evaluateAll((b) => b.map((x) => x.dataset.reason));
  assert.deepEqual(reasons, ['SIMILAR_NAME', 'SAME_COUNTRY']);

  // Without a writer key the action says what it needs and writes nothing.
  await row.locator('button[data-merge]').click();
  await page.locator('#inspector .merge-status', { hasText: 'needs a writer key' }).waitFor({ timeout: 10000 });
  assert.equal(await readsAs(DUP), DUP);

  await page.locator('#inspector .writer-key input').fill(WRITER);
  await row.locator('button[data-merge]').click();
  await page.locator('#inspector .merge-status', { hasText: 'Merged' }).waitFor({ timeout: 30000 }).catch(async (e) => {
    throw new Error(`${e.message}: the status says "${await page.locator('#inspector').innerText()}"`);
  });
  await idle(page);
  assert.equal(await readsAs(DUP), KEEP, 'the merged id should read as the kept actor');
  await until(page, (id) => window.explorer.cy.getElementById(id).empty(), DUP, 'the merged node to leave the canvas');
  assert.ok((await canvas(page)).nodes.some((n) => n.id === KEEP));

  await page.locator('#inspector .merge-status button[data-unmerge]').click();
  await page.locator('#inspector .merge-status', { hasText: 'Merge undone' }).waitFor({ timeout: 30000 });
  assert.equal(await readsAs(DUP), DUP, 'undo should give the merged actor back');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});
