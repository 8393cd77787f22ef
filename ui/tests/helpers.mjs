// Shared setup for the explorer's browser tests: Debian's Chromium driven by
// playwright-core, the service under test, the seed the expectations come
// from, and a way to run a private service whose database or whole process
// the tests can really take away.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..');
export const BASE = (process.env.EVENTGRAPH_URL || 'http://127.0.0.1:18080').replace(/\/$/, '');
// Screenshots go to .data/screenshots (ignored by git: layouts differ from
// run to run, and `make test` should not leave the tree dirty); refresh the
// ones in the docs with SCREENSHOT_DIR=docs/screenshots ui/run-tests.sh.
export const SHOTS = process.env.SCREENSHOT_DIR ? resolve(repo, process.env.SCREENSHOT_DIR) : join(repo, '.data', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

/** The seed batch and the article text: what the page must show comes from them, not from constants. */
export const seed = JSON.parse(readFileSync(join(repo, 'seed', 'article.json'), 'utf8'));
export const article = normalise(readFileSync(join(repo, 'seed', 'article.txt'), 'utf8'));

export function normalise(s) {
  return s.replace(/\s+/g, ' ').trim();
}

export function seedEvent(id) {
  const e = seed.events.find((x) => x.id === id);
  if (!e) throw new Error(`seed/article.json has no event ${id}`);
  return e;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh page that fails the test on any script error in the explorer. */
export async function newPage(browser, { base = BASE, width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, baseURL: base });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e));
  // The explorer logs a failed action with console.error (and shows it in
  // the status bar); the browser's own "Failed to load resource" lines are
  // expected when a test takes the service away.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(m.text());
  });
  return page;
}

/** Opens the explorer (with an optional view query) and waits until its first loads settle. */
export async function open(page, query = '') {
  await page.goto(`/explore${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 90000 });
  await idle(page);
}

/** Waits until no request of the explorer is in flight and no layout is running. */
export async function idle(page, timeout = 90000) {
  await page.waitForFunction(() => document.body.dataset.busy !== 'true', null, { timeout });
  // Layout animations end a few hundred milliseconds after the data.
  await page.waitForTimeout(500);
}

/**
 * Waits for a condition on the page; on timeout the error says what the
 * page's status bar said and how many nodes were drawn, not just "timeout".
 */
export async function until(page, fn, arg, what, timeout = 60000) {
  try {
    await page.waitForFunction(fn, arg, { timeout });
  } catch (e) {
    const state = await page
      .evaluate(() => ({ status: document.getElementById('status')?.innerText, nodes: window.explorer?.cy.nodes().length, busy: document.body.dataset.busy }))
      .catch(() => ({}));
    throw new Error(`${what}: not so after ${timeout} ms (status "${state.status}", ${state.nodes} nodes, busy ${state.busy}): ${e.message.split('\n')[0]}`);
  }
}

/** Facts about the canvas, read from Cytoscape (the canvas has no DOM to query). */
export async function canvas(page) {
  return page.evaluate(() => {
    const cy = window.explorer.cy;
    return {
      nodes: cy.nodes().map((n) => ({ id: n.id(), type: n.data('type'), label: n.data('label'), visible: n.visible(), selected: n.selected(), classes: n.classes() })),
      edges: cy.edges().map((e) => ({
        id: e.id(),
        type: e.data('type'),
        source: e.source().id(),
        target: e.target().id(),
        pkind: e.data('pkind') ?? null,
        role: e.data('role') ?? null,
        label: e.data('display'),
        lineStyle: e.style('line-style'),
        classes: e.classes(),
      })),
    };
  });
}

/**
 * Where to click a node, in page coordinates: a few pixels off its centre,
 * as a hand would. Exactly at the centre Cytoscape 3.34's point-in-polygon
 * test misses diamonds and stars (events and forecasts): the ray it casts
 * runs through their vertices.
 */
export async function nodePoint(page, id) {
  const p = await page.evaluate((nid) => {
    const n = window.explorer.cy.getElementById(nid);
    if (n.empty()) return null;
    const r = n.renderedPosition();
    const box = document.getElementById('cy').getBoundingClientRect();
    return { x: box.left + r.x + 2, y: box.top + r.y + 3 };
  }, id);
  if (!p) throw new Error(`node ${id} is not on the canvas`);
  return p;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A TCP relay to Neo4j that the test can cut: the service's driver talks to
 * the database through it, so closing it takes the database away from that
 * one service (really: connections are reset and new ones refused) without
 * stopping a Neo4j that other tests and agents share.
 */
export async function dbRelay(target) {
  const url = new URL(target.replace(/^(bolt|neo4j)(\+s|\+ssc)?:/, 'tcp:'));
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(url.port || 7687), url.hostname);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    uri: `bolt://127.0.0.1:${port}`,
    cut() {
      return new Promise((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

/**
 * Starts a private eventgraph service from $EVENTGRAPH_BIN (a build of
 * ./cmd/eventgraph; ui/run-tests.sh builds one) on a free port, talking to
 * Neo4j through a relay the test can cut. NEO4J_* settings pass through;
 * SEED=never because the shared service has loaded the seed already.
 */
export async function startService(extraEnv = {}) {
  const bin = process.env.EVENTGRAPH_BIN;
  if (!bin) throw new Error('EVENTGRAPH_BIN is not set: point it at a build of ./cmd/eventgraph (ui/run-tests.sh does)');
  const relay = await dbRelay(process.env.NEO4J_URI || 'bolt://127.0.0.1:7687');
  const port = await freePort();
  const env = { ...process.env, NEO4J_URI: relay.uri, ADDR: `127.0.0.1:${port}`, SEED: 'never', LOG_LEVEL: 'warn', ...extraEnv };
  const proc = spawn(bin, [], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => {
    log += d;
  });
  const exited = new Promise((r) => proc.once('exit', r));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the private service exited with ${proc.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${base}/readyz`, { headers: extraEnv.READER_KEYS ? { Authorization: `Bearer ${extraEnv.READER_KEYS.split(',')[0]}` } : {} });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the private service did not become ready in 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    base,
    relay,
    log: () => log,
    /** Kills the process outright, as a crash or `kill -9` would. */
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A synthetic graph shaped like an analyst's, 300 nodes: events with
 * participants, actors with affiliations, positions on topics.
 * Deterministic (a fixed linear congruential generator).
 */
export function synthetic300() {
  let s = 42;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const nodes = [];
  const edges = [];
  const add = (id, type, label, properties = {}) => nodes.push({ id, type, label, properties });
  for (let i = 0; i < 60; i++) add(`ev${i}`, 'EVENT', `Event ${i}`, { kind: ['CONSULT', 'ACCUSE', 'ASSAULT', 'AGREE'][i % 4], startDate: `2025-0${1 + (i % 9)}-1${i % 10}` });
  for (let i = 0; i < 150; i++) add(`ac${i}`, 'ACTOR', `Actor ${i}`, { kind: ['PERSON', 'STATE', 'ORGANIZATION', 'DELEGATION'][i % 4] });
  for (let i = 0; i < 20; i++) add(`tp${i}`, 'TOPIC', `Topic ${i}`);
  for (let i = 0; i < 50; i++) add(`ps${i}`, 'POSITION', `Position ${i}`, { stance: ['DEMANDS', 'REJECTS', 'SUPPORTS'][i % 3] });
  for (let i = 0; i < 20; i++) add(`fc${i}`, 'FORECAST', `Forecast ${i}`);
  let k = 0;
  const link = (a, b, type, properties = {}) => edges.push({ id: `x${k++}`, type, source: a, target: b, properties });
  for (let i = 0; i < 150; i++) {
    link(`ac${i}`, `ev${Math.floor(rnd() * 60)}`, 'PARTICIPATED_IN', { kind: rnd() < 0.1 ? 'DECLINED' : 'PARTICIPANT', role: 'delegate' });
    if (rnd() < 0.5) link(`ac${i}`, `ev${Math.floor(rnd() * 60)}`, 'PARTICIPATED_IN', { kind: 'PARTICIPANT' });
    if (i % 3) link(`ac${i}`, `ac${Math.floor(rnd() * 20)}`, 'AFFILIATED_WITH', { role: 'member' });
  }
  for (let i = 0; i < 50; i++) {
    link(`ac${Math.floor(rnd() * 150)}`, `ps${i}`, 'HOLDS');
    link(`ps${i}`, `tp${i % 20}`, 'ON');
  }
  for (let i = 0; i < 20; i++) link(`fc${i}`, `ev${Math.floor(rnd() * 60)}`, 'ABOUT');
  return { nodes, edges };
}
