// The other pure pieces: layout choices, the race guard, the time filter's
// rule, search grouping and path ordering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './load.mjs';

const { layoutOptions, zoomAfterFit } = await load('layout.ts');
const { Latest } = await load('latest.ts');
const { inRange } = await load('timeline.ts');
const { groupHits, hitLabel, hitSub } = await load('searchbox.ts');
const { orderPath } = await load('pathpanel.ts');

test('layout: careful and animated when small, faster and still when large', () => {
  const small = layoutOptions(20, false);
  const large = layoutOptions(300, true);
  assert.equal(small.quality, 'proof');
  assert.equal(small.animate, true);
  assert.equal(small.randomize, false);
  assert.equal(large.quality, 'default');
  assert.equal(large.animate, false);
  assert.equal(large.randomize, true);
  assert.equal(layoutOptions(150, false).quality, 'proof');
  assert.equal(layoutOptions(151, false).quality, 'default');
  assert.equal(layoutOptions(120, false).animate, true);
  assert.equal(layoutOptions(121, false).animate, false);
  assert.ok(large.nodeRepulsion() > small.nodeRepulsion());
  assert.ok(large.gravity < small.gravity);
  assert.equal(small.nodeDimensionsIncludeLabels, true);
});

test('layout: an edge gets room for its label, within bounds', () => {
  const edge = (display) => ({ data: (k) => (k === 'display' ? display : undefined) });
  for (const [n, lo, hi] of [[20, 100, 170], [300, 160, 240]]) {
    const len = layoutOptions(n, false).idealEdgeLength;
    assert.equal(len(edge('')), lo, `n=${n}, no label`);
    assert.equal(len(edge(undefined)), lo, `n=${n}, undefined label`);
    assert.equal(len(edge('x'.repeat(200))), hi, `n=${n}, long label`);
    const mid = len(edge('participated in: mediator'));
    assert.ok(mid >= lo && mid <= hi, `n=${n}: ${mid}`);
    assert.ok(len(edge('participated in: head of delegation')) >= mid);
  }
});

test('layout: a fit never blows a few nodes up to poster size', () => {
  assert.equal(zoomAfterFit(3), 1.2);
  assert.equal(zoomAfterFit(1.41), 1.2);
  assert.equal(zoomAfterFit(1.4), 1.4);
  assert.equal(zoomAfterFit(0.3), 0.3);
});

test('race guard: only the newest request is current', () => {
  const l = new Latest();
  const a = l.begin();
  assert.equal(a(), true);
  const b = l.begin();
  assert.equal(a(), false);
  assert.equal(b(), true);
  const other = new Latest();
  other.begin();
  assert.equal(b(), true, 'guards of different kinds do not interfere');
});

test('time range: an event is in when it overlaps; undated stays', () => {
  const r = { from: '2025-05-10', to: '2025-05-18' };
  const cases = [
    ['2025-05-16', '2025-05-16', true],
    ['2025-05-19', null, false],
    ['2025-05-01', '2025-05-09', false],
    ['2025-05-01', '2025-05-10', true],
    ['2025-05-18T23:00:00Z', null, true],
    [null, '2025-05-12', true],
    [null, null, true],
    ['2025-01-01', '2025-12-31', true],
  ];
  for (const [s, e, want] of cases) assert.equal(inRange(r, s, e), want, `${s}–${e}`);
  assert.equal(inRange({ from: null, to: null }, '1999-01-01', null), true);
  assert.equal(inRange({ from: '2025-05-10', to: null }, '2025-05-09', null), false);
});

test('search: grouped in the legend order of types, the service order kept inside', () => {
  const hit = (type, id, extra = {}) => ({ type, score: 1, node: { id, ...extra } });
  const groups = groupHits([hit('EVENT', 'e1', { title: 'Talks' }), hit('ACTOR', 'a1', { name: 'Zelenskyy' }), hit('EVENT', 'e2'), hit('SOURCE', 's1'), hit('ACTOR', 'a2')]);
  assert.deepEqual(groups.map(([t, g]) => [t, g.map((h) => h.node.id)]), [['ACTOR', ['a1', 'a2']], ['EVENT', ['e1', 'e2']], ['SOURCE', ['s1']]]);
  assert.equal(hitLabel(hit('EVENT', 'e1', { title: 'Talks' })), 'Talks');
  assert.equal(hitLabel(hit('EVENT', 'e9')), 'e9');
  assert.equal(hitSub(hit('ACTOR', 'a', { actorKind: 'PERSON', aliases: ['Zelensky'] })), 'person · also zelensky');
});

test('path: spelt out from one end to the other', () => {
  const e = (source, target) => ({ source, target });
  assert.deepEqual(orderPath({ edges: [e('b', 'c'), e('a', 'b'), e('d', 'c')] }, 'a'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(orderPath({ edges: [e('b', 'c'), e('a', 'b')] }, 'c'), ['c', 'b', 'a']);
  assert.deepEqual(orderPath({ edges: [] }, 'a'), ['a']);
});
