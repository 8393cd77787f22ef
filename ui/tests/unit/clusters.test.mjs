// Leaves grouped into counted clusters, the expansion preview, undo and redo:
// the pure parts, in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './load.mjs';

const { groupLeaves, openPage, mergeCluster, preview, onlyTypes, clusterLabel, clusterId, isClusterId, CLUSTER_OVER, OPEN_PAGE } = await load('clusters.ts');
const { previewLines, previewTitle } = await load('preview.ts');
const { History } = await load('history.ts');

const node = (id, type, props = {}) => ({ id, type, label: id, properties: props });
let k = 0;
const edge = (a, b, type = 'PARTICIPATED_IN') => ({ id: `e${k++}`, type, source: a, target: b, properties: {} });

/** An actor with n events of its own, and two events it shares with another actor. */
function star(n) {
  const nodes = [node('putin', 'ACTOR'), node('zelenskyy', 'ACTOR'), node('kyiv', 'LOCATION')];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push(node(`ev${i}`, 'EVENT', { startDate: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}` }));
    edges.push(edge('putin', `ev${i}`));
  }
  nodes.push(node('shared1', 'EVENT'), node('shared2', 'EVENT'));
  edges.push(edge('putin', 'shared1'), edge('zelenskyy', 'shared1'), edge('putin', 'shared2'), edge('zelenskyy', 'shared2'), edge('putin', 'kyiv', 'LOCATED_IN'));
  return { nodes, edges, truncated: false };
}

test('clusters: an actor with 199 events of its own draws one "199 events" cluster, not 199 spokes', () => {
  const none = () => false;
  const g = groupLeaves(star(199), none, new Set(['putin']));
  assert.equal(g.clusters.length, 1);
  const [c] = g.clusters;
  assert.equal(c.id, clusterId('putin', 'EVENT'));
  assert.equal(c.parent, 'putin');
  assert.equal(c.type, 'EVENT');
  assert.equal(c.members.length, 199);
  assert.equal(c.edges.length, 199, 'each member keeps its edge, held in the cluster');
  assert.deepEqual(g.drawn.nodes.map((n) => n.id).sort(), ['kyiv', 'putin', 'shared1', 'shared2', 'zelenskyy'], 'shared events, the other actor and the single place are drawn');
  assert.equal(g.drawn.edges.length, 5);
  assert.ok(g.drawn.edges.every((e) => !e.target.startsWith('ev')), 'no edge to a clustered event is drawn');
  assert.equal(clusterLabel('EVENT', 199), '199 events');
  assert.equal(clusterLabel('LOCATION', 1), '1 place');
  assert.equal(clusterLabel('EVENT', 1234), '1,234 events');
  assert.ok(isClusterId(c.id) && !isClusterId('putin'));
});

test('clusters: up to the threshold leaves are drawn; nodes already shown or kept are never clustered', () => {
  const few = groupLeaves(star(CLUSTER_OVER), () => false, new Set(['putin']));
  assert.equal(few.clusters.length, 0);
  assert.equal(few.drawn.nodes.length, CLUSTER_OVER + 5);
  const more = groupLeaves(star(CLUSTER_OVER + 1), () => false, new Set(['putin']));
  assert.equal(more.clusters.length, 1);
  // ev0 already on the canvas: not a member; ev1 kept (a path's end): not a member.
  const g = groupLeaves(star(40), (id) => id === 'ev0', new Set(['putin', 'ev1']));
  const ids = g.clusters[0].members.map((m) => m.id);
  assert.equal(ids.length, 38);
  assert.ok(!ids.includes('ev0') && !ids.includes('ev1'));
  assert.ok(g.drawn.nodes.some((n) => n.id === 'ev1'));
});

test('clusters: members open a page at a time, most connected then newest first', () => {
  const sg = star(50);
  // ev7 gains a second edge to a leaf of its own: more active, so first.
  sg.nodes.push(node('src', 'SOURCE'));
  sg.edges.push(edge('ev7', 'src', 'CITED_IN'));
  const g = groupLeaves(sg, () => false, new Set(['putin']));
  const c = g.clusters.find((x) => x.type === 'EVENT');
  assert.ok(!c.members.some((m) => m.id === 'ev7'), 'ev7 has two neighbours: not a leaf');
  const dates = c.members.map((m) => m.properties.startDate);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first among equals');
  const first = openPage(c);
  assert.equal(first.drawn.nodes.length, OPEN_PAGE);
  assert.equal(first.drawn.edges.length, OPEN_PAGE);
  assert.equal(first.rest.members.length, c.members.length - OPEN_PAGE);
  assert.equal(first.rest.edges.length, c.members.length - OPEN_PAGE);
  let rest = first.rest;
  const seen = new Set(first.drawn.nodes.map((n) => n.id));
  while (rest) {
    const p = openPage(rest);
    for (const n of p.drawn.nodes) {
      assert.ok(!seen.has(n.id), `${n.id} drawn twice`);
      seen.add(n.id);
    }
    rest = p.rest;
  }
  assert.equal(seen.size, c.members.length, 'every member is drawn once the cluster is emptied');
});

test('clusters: expanding again merges new members without duplicates', () => {
  const a = groupLeaves(star(20), () => false, new Set(['putin'])).clusters[0];
  const b = groupLeaves(star(30), () => false, new Set(['putin'])).clusters[0];
  const m = mergeCluster(a, b);
  assert.equal(m.members.length, 30);
  assert.deepEqual(m.members.slice(0, 20).map((x) => x.id), a.members.map((x) => x.id));
  assert.equal(new Set(m.members.map((x) => x.id)).size, 30);
});

test('preview: counts by type, drawn and clustered; a type filter drops its nodes and clusters', () => {
  const shown = (id) => id === 'putin';
  const g = groupLeaves(star(100), shown, new Set(['putin']));
  const p = preview(g, shown);
  assert.deepEqual(p.byType, [
    { type: 'ACTOR', drawn: 1, clustered: 0 },
    { type: 'EVENT', drawn: 2, clustered: 100 },
    { type: 'LOCATION', drawn: 1, clustered: 0 },
  ]);
  assert.equal(p.nodes, 4, 'putin is on the canvas already');
  assert.equal(p.clusters, 1);
  assert.deepEqual(previewLines(p).map((l) => l.text), ['1 actor', '102 events, 100 of them in clusters', '1 place']);
  assert.equal(previewTitle('Depth 2 around putin', p, false), 'Depth 2 around putin would add 104 nodes: drawn as 4 nodes and 1 cluster.');
  assert.match(previewTitle('x', p, true), /stopped at its limit/);
  assert.equal(previewTitle('x', preview({ drawn: { nodes: [], edges: [] }, clusters: [] }, shown), false), 'x adds nothing that is not already shown.');
  const noEvents = onlyTypes(g, new Set(['ACTOR', 'LOCATION']), new Set(['putin']), shown);
  assert.deepEqual(noEvents.drawn.nodes.map((n) => n.id).sort(), ['kyiv', 'putin', 'zelenskyy']);
  assert.equal(noEvents.clusters.length, 0);
  const all = onlyTypes(g, new Set(['ACTOR', 'EVENT', 'LOCATION']), new Set(['putin']), shown);
  assert.equal(all.clusters.length, 1, "a cluster whose parent is on the canvas stays");
});

test('history: undo goes back, redo forward, a new change drops the redo side, bounded', () => {
  const h = new History(3);
  assert.equal(h.canUndo, false);
  assert.equal(h.undo('now'), null);
  h.push('a');
  h.push('b');
  assert.equal(h.undo('c'), 'b');
  assert.equal(h.canRedo, true);
  assert.equal(h.redo('b'), 'c');
  assert.equal(h.undo('c'), 'b');
  assert.equal(h.undo('b'), 'a');
  assert.equal(h.undo('a'), null);
  assert.equal(h.redo('a'), 'b');
  h.push('b2');
  assert.equal(h.canRedo, false, 'a new change forgets what was undone');
  for (const s of ['x', 'y', 'z', 'w']) h.push(s);
  let n = 0;
  while (h.undo('p') !== null) n++;
  assert.equal(n, 3, 'at most max states kept');
});
