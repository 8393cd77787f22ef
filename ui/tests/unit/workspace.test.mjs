// The workspace's pure parts: export formats built from the canvas, style by
// property (categories, colours, the legend as a filter), saved views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './load.mjs';

const { toGraphML, nodesCSV, edgesCSV, csvField, xmlText } = await load('exportfmt.ts');
const { categories, colorFor, hiddenBy, styleChoices, valueOf, CATEGORY_COLORS, NONE, OTHER } = await load('styleby.ts');
const { upsertView, parseViews, removeView } = await load('views.ts');

const nodes = [
  { id: 'putin', type: 'ACTOR', label: 'Vladimir Putin', x: 10.04, y: -3, properties: { kind: 'PERSON', aliases: ['Putin', 'V. Putin'] } },
  { id: 'talks', type: 'EVENT', label: 'Talks <in> "Istanbul" & co', x: 0, y: 0, properties: { kind: 'CONSULT', startDate: '2025-05-16', note: '=HYPERLINK("x")' } },
];
const edges = [{ id: 'r1', type: 'PARTICIPATED_IN', source: 'putin', target: 'talks', properties: { kind: 'DECLINED', role: 'head, of state' } }];

test('GraphML: every node and edge with type, label, position and each property declared once as a key; text escaped', () => {
  const x = toGraphML(nodes, edges);
  assert.match(x, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<graphml xmlns="http:\/\/graphml.graphdrawing.org\/xmlns"/);
  assert.equal((x.match(/<node /g) ?? []).length, 2);
  assert.equal((x.match(/<edge /g) ?? []).length, 1);
  for (const k of ['aliases', 'kind', 'note', 'startDate']) assert.equal((x.match(new RegExp(`attr.name="${k}" attr.type="string"/>`, 'g')) ?? []).length, k === 'kind' ? 2 : 1, k);
  assert.match(x, /<node id="talks"><data key="n_type">EVENT<\/data><data key="n_label">Talks &lt;in&gt; &quot;Istanbul&quot; &amp; co<\/data><data key="n_x">0<\/data><data key="n_y">0<\/data>/);
  assert.match(x, /<data key="n_x">10<\/data>/);
  assert.match(x, /\[&quot;Putin&quot;,&quot;V. Putin&quot;\]/, 'a list as JSON');
  assert.match(x, /<edge id="r1" source="putin" target="talks"><data key="e_type">PARTICIPATED_IN<\/data>/);
  assert.equal(xmlText('a\u0001b\u0000c'), 'abc', 'characters XML cannot hold are dropped');
  assert.ok(x.endsWith('</graph>\n</graphml>\n'));
});

test('CSV: a header of every property, RFC 4180 quoting, no formulas', () => {
  const n = nodesCSV(nodes).split('\r\n');
  assert.equal(n[0], 'id,type,label,aliases,kind,note,startDate');
  assert.equal(n[1], 'putin,ACTOR,Vladimir Putin,"[""Putin"",""V. Putin""]",PERSON,,');
  assert.equal(n[2], `talks,EVENT,"Talks <in> ""Istanbul"" & co",,CONSULT,"'=HYPERLINK(""x"")",2025-05-16`);
  assert.equal(n.length, 4, 'two rows and the final line break');
  assert.deepEqual(edgesCSV(edges).split('\r\n'), ['id,type,source,target,kind,role', 'r1,PARTICIPATED_IN,putin,talks,DECLINED,"head, of state"', '']);
  assert.equal(csvField('-1'), "'-1");
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
});

const styled = (type, props) => ({ type, props });

test('style by property: most frequent first, one colour each, the rest "(other)", the missing "(none)"', () => {
  const ns = [
    ...Array.from({ length: 5 }, () => styled('EVENT', { kind: 'CONSULT', startDate: '2025-05-01' })),
    ...Array.from({ length: 3 }, () => styled('EVENT', { kind: 'ASSAULT', startDate: '2022-03-01' })),
    styled('ACTOR', { kind: 'PERSON' }),
    styled('TOPIC', {}),
  ];
  const cats = categories(ns, 'kind');
  assert.deepEqual(cats.map((c) => [c.value, c.count]), [['CONSULT', 5], ['ASSAULT', 3], ['PERSON', 1], [NONE, 1]]);
  assert.equal(cats[0].color, CATEGORY_COLORS[0]);
  assert.equal(colorFor(cats, ns[5], 'kind'), CATEGORY_COLORS[1]);
  assert.deepEqual(categories(ns, 'year').map((c) => [c.value, c.count]), [['2025', 5], ['2022', 3], [NONE, 2]]);
  assert.equal(valueOf(ns[8], 'type'), 'ACTOR');
  const many = Array.from({ length: 20 }, (_, i) => styled('ACTOR', { country: `c${String(i).padStart(2, '0')}` }));
  const mc = categories(many, 'country');
  assert.equal(mc.length, CATEGORY_COLORS.length + 1);
  assert.deepEqual(mc.at(-1), { value: OTHER, count: 8, color: mc.at(-1).color });
  assert.equal(colorFor(mc, many[19], 'country'), mc.at(-1).color, 'the 20th value is drawn as "(other)"');
});

test('the legend is a filter: a value switched off hides its nodes; "(other)" hides every value beyond the colours', () => {
  const ns = [styled('EVENT', { kind: 'CONSULT' }), styled('EVENT', { kind: 'ASSAULT' }), styled('TOPIC', {})];
  const cats = categories(ns, 'kind');
  const off = new Set(['ASSAULT', NONE]);
  assert.deepEqual(ns.map((n) => hiddenBy(cats, off, n, 'kind')), [false, true, true]);
  assert.deepEqual(ns.map((n) => hiddenBy(cats, new Set(), n, 'kind')), [false, false, false]);
  const many = Array.from({ length: 14 }, (_, i) => styled('ACTOR', { country: `c${i}` }));
  const mc = categories(many, 'country');
  assert.equal(hiddenBy(mc, new Set([OTHER]), many[9], 'country'), true, 'c9 sorts 14th: (other)');
  assert.equal(hiddenBy(mc, new Set([OTHER]), many[0], 'country'), false);
});

test('style choices: type and year, then properties with few values shared by several nodes; names and ids are not', () => {
  const ns = [
    styled('ACTOR', { kind: 'PERSON', name: 'A', country: 'RU', externalId: 'x1' }),
    styled('ACTOR', { kind: 'STATE', name: 'B', country: 'RU', externalId: 'x2' }),
    styled('ACTOR', { kind: 'PERSON', name: 'C', country: 'UA', externalId: 'x3' }),
  ];
  assert.deepEqual(styleChoices(ns), ['type', 'year', 'country', 'kind']);
});

test('saved views: kept by name (saving again replaces), newest first; a damaged store reads as empty', () => {
  let list = [];
  list = upsertView(list, { name: 'Istanbul', query: 'n=a', saved: '2026-12-01T10:00:00Z' });
  list = upsertView(list, { name: 'Donetsk', query: 'n=b', saved: '2026-12-01T11:00:00Z' });
  list = upsertView(list, { name: ' Istanbul ', query: 'n=a,c', saved: '2026-12-01T12:00:00Z' });
  assert.deepEqual(list.map((v) => [v.name, v.query]), [['Istanbul', 'n=a,c'], ['Donetsk', 'n=b']]);
  assert.deepEqual(parseViews(JSON.stringify(list)), list);
  assert.deepEqual(parseViews('not json'), []);
  assert.deepEqual(parseViews(null), []);
  assert.deepEqual(parseViews('[{"name":1},{"name":"ok","query":"n=a","saved":"x"}]').map((v) => v.name), ['ok']);
  assert.deepEqual(removeView(list, 'Donetsk').map((v) => v.name), ['Istanbul']);
  assert.throws(() => upsertView(list, { name: '  ', query: 'n=a', saved: 'x' }), /name/);
});
