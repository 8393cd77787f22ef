// Layouts: on a phone (390×844, touch) the page does not scroll sideways,
// the canvas fills most of the first screen, and every control is large
// enough for a finger and works when tapped; on a laptop (1366×768) the
// canvas keeps most of the screen and nothing needs scrolling.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, idle, launch, nodePoint, open, shot, until } from './helpers.mjs';

const TALKS = 'istanbul-talks-2025-05-16';
const VIEW = `?n=${TALKS},vladimir-medinsky,vladimir-putin&sel=${TALKS}`;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function pageAt(width, height, touch) {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: BASE, isMobile: touch, hasTouch: touch, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** The page's geometry: scroll sizes, the canvas's box, every visible control's box. */
function geometry(page, scope) {
  return page.evaluate((sel) => {
    const box = (el) => el.getBoundingClientRect().toJSON();
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const controls = [...document.querySelectorAll(sel)]
      .filter(visible)
      .map((el) => ({ what: el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30) || el.tagName, type: el.type ?? '', ...box(el) }));
    return {
      vw: window.innerWidth,
      vh: window.innerHeight,
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      cy: box(document.getElementById('cy')),
      controls,
    };
  }, scope);
}

const CONTROLS = '.top button, .top input, .toolbar button, .toolbar select, .toolbar input, .timeline button:not(.ev), .timeline input:not([type="range"])';

test('phone 390×844: no sideways scroll, the canvas fills most of the first screen, controls fit a finger and work by touch', { timeout: 180000 }, async () => {
  const page = await pageAt(390, 844, true);
  await open(page, VIEW);
  const g = await geometry(page, CONTROLS);
  assert.ok(g.scrollWidth <= g.vw, `the page is ${g.scrollWidth} px wide on a ${g.vw} px screen: it scrolls sideways`);
  assert.ok(g.cy.width >= g.vw - 1, `the canvas is ${g.cy.width} px wide of ${g.vw}`);
  assert.ok(g.cy.height >= 0.5 * g.vh, `the canvas is ${g.cy.height} px high of ${g.vh}: not most of the screen`);
  assert.ok(g.cy.top >= 0 && g.cy.bottom <= g.vh, `the canvas (${g.cy.top}–${g.cy.bottom}) is not all on the first screen`);
  assert.ok(g.controls.length >= 15, `only ${g.controls.length} controls found`);
  for (const c of g.controls) {
    assert.ok(c.left >= 0 && c.right <= g.vw + 0.5, `${c.what} (${c.left}–${c.right}) lies outside the ${g.vw} px screen`);
    const min = c.type === 'checkbox' ? 22 : 40;
    assert.ok(c.height >= min && c.width >= min - 4, `${c.what} is ${c.width}×${c.height} px: too small for a finger`);
    assert.ok(c.bottom <= g.vh, `${c.what} is below the first screen (${c.bottom} > ${g.vh})`);
  }
  await shot(page, 'phone');

  // By touch: search and pick, tap a node, expand it, zoom.
  await page.tap('#search-input');
  await page.keyboard.type('Zelensky');
  await page.tap('#search-form button[type="submit"]');
  const hit = page.locator('#search-results button[data-pick="volodymyr-zelenskyy"]');
  await hit.waitFor({ timeout: 30000 });
  const hb = await hit.boundingBox();
  assert.ok(hb.x >= 0 && hb.x + hb.width <= 390 && hb.height >= 40, `the search result is ${JSON.stringify(hb)}: not tappable on the screen`);
  await hit.tap();
  await until(page, () => window.explorer.cy.getElementById('volodymyr-zelenskyy').nonempty(), null, 'a tapped search result should be added');
  await idle(page);
  const p = await nodePoint(page, TALKS);
  await page.touchscreen.tap(p.x, p.y);
  await until(page, (id) => window.explorer.cy.getElementById(id).selected(), TALKS, 'a tapped node should be selected');
  const before = await page.evaluate(() => window.explorer.cy.nodes().length);
  await page.tap('#btn-expand');
  await until(page, (n) => window.explorer.cy.nodes().length > n, before, 'tapping Expand should add the neighbours');
  await idle(page);
  const zoom = await page.evaluate(() => window.explorer.cy.zoom());
  await page.tap('#btn-zoom-in');
  assert.ok((await page.evaluate(() => window.explorer.cy.zoom())) > zoom, 'tapping + should zoom in');
  // The inspector is below the canvas, reached by scrolling the page.
  await page.locator('#inspector h3').scrollIntoViewIfNeeded();
  assert.match(await page.locator('#inspector h3').innerText(), /Istanbul/);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'the page scrolls sideways after expanding');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('laptop 1366×768: the canvas has most of the screen, nothing needs scrolling', { timeout: 120000 }, async () => {
  const page = await pageAt(1366, 768, false);
  await open(page, VIEW);
  const g = await geometry(page, CONTROLS);
  assert.ok(g.scrollWidth <= g.vw && g.scrollHeight <= g.vh, `the page is ${g.scrollWidth}×${g.scrollHeight} on a ${g.vw}×${g.vh} screen`);
  const share = (g.cy.width * g.cy.height) / (g.vw * g.vh);
  assert.ok(share >= 0.5, `the canvas (${g.cy.width}×${g.cy.height}) has ${(share * 100).toFixed(0)}% of the screen`);
  assert.ok(g.cy.width >= 0.7 * g.vw, `the canvas is ${g.cy.width} px wide of ${g.vw}`);
  for (const c of g.controls) assert.ok(c.right <= g.vw && c.bottom <= g.vh, `${c.what} is off the screen`);
  await shot(page, 'laptop');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
