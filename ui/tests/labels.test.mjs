// Readable at scale: on a 300-node canvas, at any zoom, no two drawn node
// labels overlap and every drawn label is at least 10 px high on screen;
// zoomed out, the most connected nodes and the selection keep theirs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, synthetic300 } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * At each zoom: the drawn labels' boxes on screen and font sizes, and which
 * overlap. All in one evaluate: boxes come from the model, so no frame needs
 * drawing in between (headless Chromium without a GPU may take many seconds
 * to draw a zoomed-out 300-node canvas on a busy machine).
 */
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
        return { id: n.id(), x1: b.x1 * z + pan.x, y1: b.y1 * z + pan.y, x2: b.x2 * z + pan.x, y2: b.y2 * z + pan.y, px: parseFloat(n.style('font-size')) * z, label: n.style('label') };
      });
      const overlaps = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps.push([a.id, b.id]);
        }
      const hidden = cy.nodes('.nolabel').length;
      const hub = cy.nodes().max((n) => n.degree(false)).ele.id();
      return { zoom: z, drawn: boxes.length, hidden, overlaps, smallest: Math.min(...boxes.map((b) => b.px)), empty: boxes.filter((b) => !b.label).length, hub, hubDrawn: boxes.some((b) => b.id === hub), ids: boxes.map((b) => b.id) };
    });
  }, zooms);
}

test('300 nodes: at every zoom no two drawn labels overlap, each at least 10 px high; the hub and the selection keep theirs', { timeout: 180000 }, async () => {
  const page = await newPage(browser, { width: 1600, height: 1000 });
  await open(page);
  await page.evaluate(async (g) => {
    const ex = window.explorer;
    ex.addGraph({ ...g, truncated: false }, null, null);
    ex.afterChange();
    await ex.layout(true);
  }, synthetic300());

  // The least connected node, selected: it must keep its label at every zoom.
  const quiet = await page.evaluate(() => {
    const cy = window.explorer.cy;
    const n = cy.nodes().min((x) => x.degree(false)).ele;
    n.select();
    return n.id();
  });
  await page.waitForFunction((id) => document.querySelector('#shown-list button[aria-pressed="true"]')?.dataset.pick === id, quiet, { timeout: 30000 });
  // Ends zoomed in (2), which headless Chromium draws quickly.
  const seen = await measure(page, [null, 0.2, 0.45, 1, 2]);
  for (const m of seen) {
    console.log(`# zoom ${m.zoom.toFixed(2)}: ${m.drawn} labels drawn, ${m.hidden} held back, smallest ${m.smallest.toFixed(1)} px, ${m.overlaps.length} overlapping`);
    assert.deepEqual(m.overlaps, [], `zoom ${m.zoom}: overlapping labels`);
    assert.ok(m.smallest >= 10, `zoom ${m.zoom}: a label ${m.smallest} px high`);
    assert.equal(m.empty, 0, 'a drawn label has text');
    assert.ok(m.drawn >= 10, `zoom ${m.zoom}: only ${m.drawn} labels drawn`);
    assert.equal(m.drawn + m.hidden, 300, 'every node is either labelled or held back');
    assert.ok(m.ids.includes(quiet), `zoom ${m.zoom}: the selected ${quiet} should be labelled`);
  }
  const fitted = seen[0];
  const far = seen[1];
  assert.ok(far.hubDrawn, `zoomed out, the best-connected node (${far.hub}) keeps its label`);
  assert.ok(far.hidden > 0, 'zoomed far out some labels are held back (300 labels of 10 px do not fit)');
  assert.ok(fitted.drawn > far.drawn, `more labels when zoomed in (${fitted.drawn} at fit, ${far.drawn} at 0.2)`);

  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});
