// Styles: every PLOVER kind has exactly one class and colour, the colours
// come from the palette file the notebook reads too, a declined
// participation is drawn dashed and labelled so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './load.mjs';

const styles = await load('styles.ts');
const elements = await load('elements.ts');

test('each event kind is in one class, coloured by it', () => {
  const seen = new Map();
  for (const c of styles.EVENT_CLASSES) {
    for (const k of c.kinds) {
      assert.ok(!seen.has(k), `${k} is in ${seen.get(k)} and ${c.name}`);
      seen.set(k, c.name);
      assert.equal(styles.eventColor(k), c.color, k);
      assert.equal(styles.nodeColor('EVENT', k), c.color, k);
    }
  }
  assert.equal(styles.eventColor('ASSAULT'), styles.EVENT_CLASSES.find((c) => c.name === 'material conflict').color);
  assert.equal(styles.eventColor('CONSULT'), styles.EVENT_CLASSES.find((c) => c.name === 'cooperation').color);
  assert.notEqual(styles.eventColor('ASSAULT'), styles.eventColor('CONSULT'));
  assert.equal(styles.eventColor(undefined), styles.eventColor('OTHER'));
});

test('node colours by type, refined by actor kind and stance', () => {
  for (const [kind, k] of Object.entries(styles.ACTOR_KINDS)) assert.equal(styles.nodeColor('ACTOR', kind), k.color, kind);
  assert.equal(styles.nodeColor('ACTOR', 'NO_SUCH_KIND'), styles.TYPES.ACTOR.color);
  for (const [stance, c] of Object.entries(styles.STANCES)) assert.equal(styles.nodeColor('POSITION', undefined, stance), c, stance);
  for (const t of ['LOCATION', 'TOPIC', 'FORECAST', 'SOURCE']) assert.equal(styles.nodeColor(t), styles.TYPES[t].color, t);
});

test('a declined participation: dashed, ending in a bar, labelled declined', () => {
  const rule = styles.stylesheet().find((r) => r.selector === 'edge[pkind="DECLINED"]');
  assert.ok(rule, 'no style for declined participations');
  assert.equal(rule.style['line-style'], 'dashed');
  assert.equal(rule.style['target-arrow-shape'], 'tee');
  const edge = (kind, role) => ({ id: 'r1', type: 'PARTICIPATED_IN', source: 'a', target: 'e', properties: { kind, role } });
  assert.equal(elements.edgeLabel(edge('DECLINED')), 'declined');
  assert.equal(elements.edgeLabel(edge('DECLINED', 'head of state')), 'declined: head of state');
  assert.equal(elements.edgeLabel(edge('HOST')), 'participated in (host)');
  assert.equal(elements.edgeLabel(edge('PARTICIPANT', 'head of the Russian delegation')), 'participated in: head of the Russian delegation');
  assert.equal(elements.edgeLabel(edge('PARTICIPANT', 'r'.repeat(50))).length, 'participated in: '.length + 30);
  assert.equal(elements.edgeData(edge('DECLINED')).pkind, 'DECLINED');
});

test('a source cited twice for one fact is one edge; an event shows its date', () => {
  const cite = (id) => ({ id, type: 'CITED_IN', source: 'f', target: 's', properties: {} });
  assert.equal(elements.edgeKey(cite('c1')), elements.edgeKey(cite('c2')));
  assert.notEqual(elements.edgeKey({ ...cite('c1'), type: 'LOCATED_IN' }), elements.edgeKey({ ...cite('c2'), type: 'LOCATED_IN' }));
  const ev = elements.nodeData({ id: 'e', type: 'EVENT', label: 'Talks', properties: { kind: 'CONSULT', startDate: '2025-05-16T10:00:00Z' } });
  assert.equal(ev.display, 'Talks\n2025-05-16');
  assert.equal(ev.color, styles.eventColor('CONSULT'));
  assert.equal(elements.nodeData({ id: 'x', type: 'ACTOR', label: '', properties: {} }).label, 'x');
});

test('the legend names every event class and actor kind', () => {
  const legend = styles.legendHTML();
  for (const c of styles.EVENT_CLASSES) assert.ok(legend.includes(c.name), c.name);
  for (const k of Object.keys(styles.ACTOR_KINDS)) assert.ok(legend.includes(k.toLowerCase()), k);
});

test('the explorer draws with the palette file the notebook reads', async () => {
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const file = fileURLToPath(new URL('../../../clients/python/src/eventgraph_client/palette.json', import.meta.url));
  const palette = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(styles.EVENT_CLASSES, palette.eventClasses);
  assert.deepEqual(styles.ACTOR_KINDS, palette.actorKinds);
  assert.deepEqual(styles.STANCES, palette.stances);
  assert.deepEqual(styles.TYPES, palette.types);
  const declined = styles.stylesheet().find((r) => r.selector === 'edge[pkind="DECLINED"]');
  assert.equal(declined.style['line-color'], palette.edges.declined);
});
