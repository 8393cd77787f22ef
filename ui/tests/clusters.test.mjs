// Leaves grouped into counted clusters, at scale: an actor whose depth-2
// neighbourhood holds 3,120 events is previewed (nothing drawn), then drawn
// as 300 nodes (the events the other actors share, the actors, places and one
// counted cluster per actor for the events only it took part in); at every
// zoom no two drawn labels overlap and each is at least 10 px high; a click
// on a cluster draws its next 20 events; undo and redo step over it.
// The service's answers for the generated graph are served by the test
// (page.route): the shared database holds the seed only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, idle, until, shot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * A hub actor (a0) in 600 events alone and 200 with one of 29 other actors,
 * each of whom has 80 events alone; 40 places, each the location of five of
 * the shared events. Deterministic.
 */
export function generated() {
  const nodes = [];
  const edges = [];
  let k = 0;
  const add = (id, type, label, properties = {}) => nodes.push({ id, type, label, properties });
  const link = (a, b, type, properties = {}) => edges.push({ id: `g${k++}`, type, source: a, target: b, properties });
  const kinds = ['CONSULT', 'ACCUSE', 'ASSAULT', 'AGREE', 'THREATEN', 'AID'];
  const day = (i) => `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  let ev = 0;
  const event = () => {
    const id = `gev${ev}`;
    add(id, 'EVENT', `Generated event ${ev}`, { kind: kinds[ev % kinds.length], startDate: day(ev) });
    ev++;
    return id;
  };
  for (let a = 0; a < 30; a++) add(`a${a}`, 'ACTOR', `Generated actor ${a}`, { kind: a % 3 ? 'PERSON' : 'STATE' });
  for (let l = 0; l < 40; l++) add(`loc${l}`, 'LOCATION', `Generated place ${l}`, { kind: 'CITY' });
  for (let i = 0; i < 600; i++) link('a0', event(), 'PARTICIPATED_IN', { kind: 'PARTICIPANT' });
  for (let i = 0; i < 200; i++) {
    const e = event();
    link('a0', e, 'PARTICIPATED_IN', { kind: 'PARTICIPANT' });
    link(`a${1 + (i % 29)}`, e, 'PARTICIPATED_IN', { kind: i % 10 ? 'PARTICIPANT' : 'DECLINED' });
    link(e, `loc${i % 40}`, 'LOCATED_IN');
  }
  for (let a = 1; a < 30; a++) for (let i = 0; i < 80; i++) link(`a${a}`, event(), 'PARTICIPATED_IN', { kind: 'PARTICIPANT' });
  return { nodes, edges, events: ev };
}

/** Serves the generated graph's neighbourhood of a0, and no extra edges for linking up (they are all in it). */
async function serve(page, g) {
  let hoods = 0;
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON();
    if (/query Hood/.test(body.query) && body.variables.id === 'a0') {
      hoods++;
      return route.fulfill({ json: { data: { neighborhood: { nodes: g.nodes, edges: g.edges, truncated: false } } } });
    }
    if (/query Neighbourhoods/.test(body.query) && Object.values(body.variables).some((v) => typeof v === 'string' && /^(a|gev|loc)\d+$/.test(v))) {
      const data = {};
      for (const [name, v] of Object.entries(body.variables)) if (name.startsWith('id')) data[`n${name.slice(2)}`] = { edges: [] };
      return route.fulfill({ json: { data } });
    }
    return route.continue();
  });
  return () => hoods;
}

/** At each zoom, the drawn node labels' boxes on screen (from the model), their size and any overlaps. */
function measure(page, zooms) {
  return page.evaluate((levels) => {
    const cy = window.explorer.cy;
    return levels.map((level) => {
      if (level) cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      window.explorer.relabel();
      const z = cy.zoom();
      const pan = cy.pan();
      const drawn = cy.nodes().filter((n) => n.visible() && !n.hasClass('nolabel') && n.data('display'));
      const boxes = drawn.map((n) => {
        const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
        return { id: n.id(), x1: b.x1 * z + pan.x, y1: b.y1 * z + pan.y, x2: b.x2 * z + pan.x, y2: b.y2 * z + pan.y, px: parseFloat(n.style('font-size')) * z };
      });
      const overlaps = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps.push(`${a.id} [${[a.x1, a.y1, a.x2, a.y2].map(Math.round)}] and ${b.id} [${[b.x1, b.y1, b.x2, b.y2].map(Math.round)}]`);
        }
      const clusters = cy.nodes('[type="CLUSTER"]');
      return { zoom: z, drawn: boxes.length, overlaps, smallest: Math.min(...boxes.map((b) => b.px)), clustersLabelled: clusters.filter((c) => !c.hasClass('nolabel')).length, clusters: clusters.length };
    });
  }, zooms);
}

test('3,120 generated events: depth 2 is previewed, then drawn as 300 nodes with counted clusters; labels never overlap, at least 10 px; a cluster opens on click; undo and redo', { timeout: 240000 }, async () => {
  const g = generated();
  assert.ok(g.events > 3000);
  const page = await newPage(browser, { width: 1600, height: 1000 });
  await open(page);
  const hoods = await serve(page, g);
  await page.evaluate((a0) => {
    const ex = window.explorer;
    ex.addGraph({ nodes: [a0], edges: [], truncated: false }, null, null);
    ex.afterChange();
    ex.cy.getElementById('a0').select();
  }, g.nodes.find((n) => n.id === 'a0'));
  await page.selectOption('#expand-depth', '2');
  await page.locator('#btn-expand').click();

  // The preview: what depth 2 would add, by type; nothing drawn yet.
  await page.waitForSelector('#expand-preview:not([hidden])', { timeout: 30000 });
  const title = await page.locator('#preview-title').innerText();
  const own = 600 + 29 * 80;
  assert.equal(title, `Depth 2 around Generated actor 0 would add ${(29 + 40 + g.events).toLocaleString('en-US')} nodes: drawn as ${29 + 40 + 200} nodes and 30 clusters.`);
  const lines = await page.locator('#expand-preview label').allInnerTexts();
  assert.deepEqual(lines.map((s) => s.trim()), ['29 actors', `${g.events.toLocaleString('en-US')} events, ${own.toLocaleString('en-US')} of them in clusters`, '40 places']);
  assert.equal(await page.evaluate(() => window.explorer.cy.nodes().length), 1, 'nothing drawn before Draw');
  await shot(page, 'expand-preview');

  await page.locator('#expand-preview button[data-act="draw"]').click();
  await until(page, () => document.getElementById('status').dataset.kind === 'ok', null, 'the expansion should be drawn', 120000);
  await idle(page);
  const status = await page.locator('#status').innerText();
  assert.match(status, new RegExp(`^Added ${29 + 40 + 200} nodes around Generated actor 0\\. ${own} more are held in 30 clusters: click one to open it\\.`));
  const drawn = await page.evaluate(() => {
    const cy = window.explorer.cy;
    return {
      nodes: cy.nodes().length,
      clusters: window.explorer.clusters(),
      labels: cy.nodes('[type="CLUSTER"]').map((n) => n.data('label')),
      events: cy.nodes('[type="EVENT"]').length,
      star: cy.getElementById('a0').degree(false),
    };
  });
  assert.equal(drawn.nodes, 300, '1 + 29 actors + 40 places + 200 shared events + 30 clusters');
  assert.equal(drawn.events, 200, 'only the shared events are drawn');
  assert.equal(drawn.clusters.length, 30);
  assert.equal(drawn.clusters.reduce((s, c) => s + c.count, 0), own, 'the clusters hold every event only one actor took part in');
  const hub = drawn.clusters.find((c) => c.parent === 'a0');
  assert.equal(hub.count, 600);
  assert.ok(drawn.labels.includes('600 events') && drawn.labels.filter((l) => l === '80 events').length === 29, drawn.labels.join(', '));
  assert.equal(drawn.star, 201, 'a0 draws 200 shared events and one cluster, not 800 spokes');

  const seen = await measure(page, [null, 0.2, 0.45, 1]);
  for (const m of seen) {
    console.log(`# zoom ${m.zoom.toFixed(2)}: ${m.drawn} labels drawn of 300, smallest ${m.smallest.toFixed(1)} px, ${m.overlaps.length} overlapping, ${m.clustersLabelled} of ${m.clusters} clusters labelled`);
    assert.deepEqual(m.overlaps, [], `zoom ${m.zoom}: overlapping labels`);
    assert.ok(m.smallest >= 10, `zoom ${m.zoom}: a label ${m.smallest} px high`);
    assert.ok(m.drawn >= 10, `zoom ${m.zoom}: only ${m.drawn} labels`);
  }
  // Clusters outrank nodes held up by their degree alone; two clusters
  // side by side can still hold one another's label back.
  assert.ok(seen[3].clustersLabelled >= 27, `at zoom 1 the clusters say their counts (${seen[3].clustersLabelled} of 30)`);
  assert.ok(seen[1].clustersLabelled >= seen[1].drawn / 4, `zoomed out, clusters keep their labels before leaves (${seen[1].clustersLabelled} of ${seen[1].drawn})`);
  await page.evaluate(() => window.explorer.cy.fit(undefined, 40));
  await shot(page, 'clusters');

  // A real click on a0's cluster draws its 20 most active events.
  await page.evaluate((id) => {
    const cy = window.explorer.cy;
    cy.zoom(1.2);
    cy.center(cy.getElementById(id));
  }, hub.id);
  await page.waitForTimeout(300);
  // The layout may leave a neighbouring cluster over part of the hub's disc
  // (seen once in CI: the click opened an 80-event cluster), so the click
  // goes to a point of the hub that no other node covers.
  const p = await page.evaluate((id) => {
    const cy = window.explorer.cy;
    const n = cy.getElementById(id);
    const b = n.renderedBoundingBox({ includeLabels: false });
    const others = cy.nodes().filter((o) => o.id() !== id).map((o) => o.renderedBoundingBox({ includeLabels: false }));
    const inside = (q, x, y) => x >= q.x1 && x <= q.x2 && y >= q.y1 && y <= q.y2;
    const box = document.getElementById('cy').getBoundingClientRect();
    const c = n.renderedPosition();
    const r = Math.min(b.w, b.h) / 2;
    for (let f = 0; f <= 0.6; f += 0.15) {
      for (let a = 0; a < 2 * Math.PI; a += Math.PI / 8) {
        const x = c.x + f * r * Math.cos(a);
        const y = c.y + f * r * Math.sin(a);
        if (!others.some((q) => inside(q, x, y))) return { x: box.left + x, y: box.top + y, free: true };
      }
    }
    return { x: box.left + c.x, y: box.top + c.y, free: false };
  }, hub.id);
  assert.ok(p.free, "some point of a0's cluster is clear of other nodes");
  await page.mouse.click(p.x, p.y);
  await until(page, () => /^Opened 20 from the cluster\. 580 events still in the cluster\./.test(document.getElementById('status').innerText), null, 'the cluster should open');
  await idle(page);
  const opened = await page.evaluate((id) => ({ nodes: window.explorer.cy.nodes().length, label: window.explorer.cy.getElementById(id).data('label') }), hub.id);
  assert.deepEqual(opened, { nodes: 320, label: '580 events' });

  // Undo takes the 20 back into the cluster; redo draws them again.
  await page.locator('#btn-undo').click();
  assert.deepEqual(await page.evaluate((id) => ({ nodes: window.explorer.cy.nodes().length, label: window.explorer.cy.getElementById(id).data('label'), count: window.explorer.clusters().find((c) => c.id === id).count }), hub.id), { nodes: 300, label: '600 events', count: 600 });
  await page.locator('#btn-redo').click();
  assert.deepEqual(await page.evaluate((id) => ({ nodes: window.explorer.cy.nodes().length, label: window.explorer.cy.getElementById(id).data('label') }), hub.id), { nodes: 320, label: '580 events' });
  // Undo twice: back to a0 alone.
  await page.locator('#btn-undo').click();
  await page.locator('#btn-undo').click();
  assert.deepEqual(await page.evaluate(() => window.explorer.cy.nodes().map((n) => n.id())), ['a0']);
  assert.equal(hoods(), 1, 'one neighbourhood request: the preview and the drawing share it');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});
