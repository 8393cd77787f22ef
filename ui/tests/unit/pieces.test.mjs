// The other pure pieces: layout choices, the race guard, the time filter's
// rule, search grouping and path ordering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './load.mjs';

const { layoutOptions, zoomAfterFit } = await load('layout.ts');
const { Latest } = await load('latest.ts');
const { inRange } = await load('timeline.ts');
const { exactness, groupOrder, hitLabel, hitSub, normalise, rankHits } = await load('searchbox.ts');
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

test('search: exact names first, then names that start with the query, else the service order', () => {
  const hit = (type, id, extra = {}) => ({ type, score: 1, node: { id, ...extra } });
  const hits = [
    hit('ACTOR', 'kremlin', { name: 'Kremlin', aliases: ['Russian presidency'] }),
    hit('ACTOR', 'russian-delegation', { name: 'Russian delegation' }),
    hit('ACTOR', 'eu', { name: 'European Union' }),
    hit('ACTOR', 'russia', { name: 'Russia', aliases: ['Russian Federation'] }),
  ];
  assert.deepEqual(rankHits('russia', hits).map((h) => h.node.id), ['russia', 'kremlin', 'russian-delegation', 'eu'], 'the exact name, then the prefixes (Kremlin by its alias) in the service order');
  assert.deepEqual(rankHits('Russian presidency', hits).map((h) => h.node.id), ['kremlin', 'russian-delegation', 'eu', 'russia']);
  assert.deepEqual(rankHits('Russian', hits).map((h) => h.node.id), ['kremlin', 'russian-delegation', 'russia', 'eu'], 'prefixes (of a name or an alias) before the rest');
  assert.equal(exactness('Zelensky', hit('ACTOR', 'z', { name: 'Volodymyr Zelenskyy', aliases: ['Zelensky'] })), 0, 'an alias is a name');
  assert.equal(exactness('Turkiye', hit('LOCATION', 't', { name: 'Türkiye' })), 0, 'accents do not count');
  assert.equal(exactness('  ISTANBUL ', hit('LOCATION', 'i', { name: 'Istanbul' })), 0, 'case and spaces do not count');
  assert.equal(exactness('Istan', hit('LOCATION', 'i', { name: 'Istanbul' })), 1);
  assert.equal(exactness('Istanbul', hit('EVENT', 'e', { title: 'Talks in Istanbul' })), 2);
  assert.equal(normalise('Dolmabahçe  Palace'), 'dolmabahce palace');
  assert.equal(hitLabel(hit('EVENT', 'e1', { title: 'Talks' })), 'Talks');
  assert.equal(hitLabel(hit('EVENT', 'e9')), 'e9');
  assert.equal(hitSub(hit('ACTOR', 'a', { actorKind: 'PERSON', aliases: ['Zelensky'] })), 'person · also zelensky');
});

test('search: the type holding an exact name comes first, then the legend order; empty types are left out', () => {
  const hit = (type, id, extra = {}) => ({ type, score: 1, node: { id, ...extra } });
  const groups = new Map([
    ['ACTOR', [hit('ACTOR', 'a', { name: 'Istanbul delegation' })]],
    ['EVENT', [hit('EVENT', 'e', { title: 'Talks in Istanbul' })]],
    ['LOCATION', [hit('LOCATION', 'i', { name: 'Istanbul' })]],
    ['TOPIC', []],
    ['SOURCE', [hit('SOURCE', 's', { title: 'An article' })]],
  ]);
  assert.deepEqual(groupOrder('Istanbul', groups), ['LOCATION', 'ACTOR', 'EVENT', 'SOURCE']);
  assert.deepEqual(groupOrder('Talks in Istanbul', groups), ['EVENT', 'ACTOR', 'LOCATION', 'SOURCE']);
  assert.deepEqual(groupOrder('nothing', groups), ['ACTOR', 'EVENT', 'LOCATION', 'SOURCE']);
});

test('path: spelt out from one end to the other', () => {
  const e = (source, target) => ({ source, target });
  assert.deepEqual(orderPath({ edges: [e('b', 'c'), e('a', 'b'), e('d', 'c')] }, 'a'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(orderPath({ edges: [e('b', 'c'), e('a', 'b')] }, 'c'), ['c', 'b', 'a']);
  assert.deepEqual(orderPath({ edges: [] }, 'a'), ['a']);
});

test('timeline summary: "500 of 12,345", never "500 of 500" when more match', async () => {
  const { summary } = await load('timeline.ts');
  assert.equal(summary(500, 500, 12345, 'all dates'), '500 of 12,345 events on the strip (the newest)');
  assert.equal(summary(320, 500, 12345, '2025-05-01 to now'), '500 of 12,345 events on the strip (the newest); 320 of them in 2025-05-01 to now');
  assert.equal(summary(14, 14, 14, 'all dates'), '14 of 14 events in all dates');
  assert.equal(summary(3, 14, 14, 'the start to 2025-05-18'), '3 of 14 events in the start to 2025-05-18');
  assert.equal(summary(0, 0, 0, 'all dates'), 'No dated events yet');
  assert.equal(summary(0, 0, 7, 'all dates'), '7 events, none with a date');
});

test('labels: the font keeps 10.5 px on screen when zoomed out, 11 model px when zoomed in', async () => {
  const { labelFont, MIN_LABEL_PX } = await load('labels.ts');
  assert.equal(labelFont(1), 11);
  assert.equal(labelFont(3), 11);
  for (const z of [0.08, 0.2, 0.5, 0.9]) assert.ok(Math.abs(labelFont(z) * z - MIN_LABEL_PX) < 1e-9, `zoom ${z}`);
});

test('labels: the most important first, none overlapping, ties in order', async () => {
  const { chooseLabels, importance } = await load('labels.ts');
  const box = (id, x, y, imp, w = 50, h = 14) => ({ id, x1: x, y1: y, x2: x + w, y2: y + h, importance: imp });
  const kept = chooseLabels([box('a', 0, 0, 1), box('b', 30, 5, 5), box('c', 100, 0, 1), box('d', 60, 0, 1), box('e', 0, 200, 0)]);
  // b (5) first; a and d overlap it; c is clear; e is far away.
  assert.deepEqual([...kept].sort(), ['b', 'c', 'e']);
  assert.deepEqual([...chooseLabels([box('x', 0, 0, 1), box('y', 10, 0, 1)])], ['x'], 'a tie keeps the first');
  assert.deepEqual([...chooseLabels([box('x', 0, 0, 1), box('y', 50.5, 0, 1)], 0)].sort(), ['x', 'y'], 'touching is not overlapping without a gap');
  assert.deepEqual([...chooseLabels([box('x', 0, 0, 1), box('y', 50.5, 0, 1)], 1)], ['x'], 'with a 1 px gap they do');
  // Across grid cells (80 px): a long label overlapping one far along.
  assert.deepEqual([...chooseLabels([box('long', 0, 0, 2, 400), box('far', 350, 5, 1)])], ['long']);
  assert.ok(importance({ selected: true, onPath: false, nearSelected: false, degree: 0 }) > importance({ selected: false, onPath: true, nearSelected: true, degree: 5000 }));
  assert.ok(importance({ selected: false, onPath: false, nearSelected: false, degree: 9 }) > importance({ selected: false, onPath: false, nearSelected: false, degree: 3 }));
});

const { brushSpan, playStep, playFrame } = await load('timeline.ts');

test('timeline brush: the dragged pixels become whole days; a click or a sliver is no brush', () => {
  // 1000 px showing days 100..300: 5 px a day.
  assert.deepEqual(brushSpan(200, 700, 1000, 100, 300), [140, 240]);
  assert.deepEqual(brushSpan(700, 200, 1000, 100, 300), [140, 240], 'dragged right to left');
  assert.deepEqual(brushSpan(-50, 2000, 1000, 100, 300), [100, 300], 'clamped to the strip');
  assert.deepEqual(brushSpan(201, 207, 1000, 100, 300), [140, 142], 'rounded outwards to whole days');
  assert.equal(brushSpan(200, 205, 1000, 100, 300), null, 'under 6 px: a click');
  assert.deepEqual(brushSpan(0, 10, 1000, 100, 100.5), [100, 101], 'part of a day is that whole day');
});

test('timeline playback: a window slid a quarter at a time to the end, the last frame said', () => {
  assert.equal(playStep(28), 7);
  assert.equal(playStep(2), 1);
  const frames = [];
  for (let from = 0, f = playFrame(from, 28, 70); f; from += playStep(28), f = playFrame(from, 28, 70)) {
    frames.push([f.from, f.to, f.last]);
    if (f.last) break;
  }
  assert.deepEqual(frames, [[0, 28, false], [7, 35, false], [14, 42, false], [21, 49, false], [28, 56, false], [35, 63, false], [42, 70, true]]);
  assert.equal(playFrame(71, 28, 70), null);
});

const { histogramBins } = await load('timeline.ts');

test('timeline histogram: whole months, wider periods for long spans, at most maxBins, aligned', () => {
  assert.deepEqual(histogramBins('2025-05-11', '2025-07-02'), [
    { from: '2025-05-01', to: '2025-05-31' },
    { from: '2025-06-01', to: '2025-06-30' },
    { from: '2025-07-01', to: '2025-07-31' },
  ]);
  const long = histogramBins('2022-03-01', '2025-05-26');
  assert.equal(long.length, 39, '39 months fit in 48 bins');
  const longer = histogramBins('2010-02-10', '2025-05-26', 48);
  assert.ok(longer.length <= 48);
  assert.equal(longer[0].from, '2010-01-01', 'a 6-month step starts in January or July');
  for (let i = 1; i < longer.length; i++) assert.equal(Date.parse(longer[i].from) - Date.parse(longer[i - 1].to), 86400000, 'no gaps, no overlaps');
  assert.ok(longer.at(-1).to >= '2025-05-26');
  const decades = histogramBins('1900-01-01', '2025-01-01', 48);
  assert.ok(decades.length <= 48 && decades[0].from <= '1900-01-01' && decades.at(-1).to >= '2025-01-01');
  assert.deepEqual(histogramBins('2025-05-26', '2025-05-01'), []);
  assert.deepEqual(histogramBins('x', '2025-05-01'), []);
});
