// The view in the URL: what a link says comes back the same, and what a
// hand-edited or hostile link says that is not a view is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './load.mjs';

const { readState, writeState } = await load('urlstate.ts');

const empty = { nodes: [], selected: [], from: null, to: null, path: null, sources: false };

test('a view survives writing and reading', () => {
  const views = [
    empty,
    { nodes: ['vladimir-putin', 'istanbul-talks-2025-05-16'], selected: ['vladimir-putin'], from: '2025-05-01', to: '2025-05-18', path: ['vladimir-medinsky', 'donald-trump'], sources: true },
    { ...empty, nodes: ['a'], from: '2024-02-29' },
    { ...empty, to: '2025-12-31' },
  ];
  for (const v of views) assert.deepEqual(readState('?' + writeState(v)), v, writeState(v));
});

test('commas stay commas and an empty view is an empty query', () => {
  assert.equal(writeState({ ...empty, nodes: ['a', 'b'] }), 'n=a,b');
  assert.equal(writeState(empty), '');
});

test('what is not a view is dropped', () => {
  const cases = [
    ['?n=a,,a,b', { ...empty, nodes: ['a', 'b'] }],
    ['?n=<script>,ok', { ...empty, nodes: ['ok'] }],
    ['?n=' + 'x'.repeat(129), empty],
    ['?from=2025-02-30&to=yesterday', empty],
    ['?from=2025-5-1', empty],
    ['?path=a', empty],
    ['?path=a,b,c', empty],
    ['?src=yes', empty],
    ['?sel=a&src=1', { ...empty, selected: ['a'], sources: true }],
  ];
  for (const [q, want] of cases) assert.deepEqual(readState(q), want, q);
});

test('url state: the style legend and a saved view\'s positions round-trip; bad parts are dropped', () => {
  const base = { nodes: ['a', 'b'], selected: [], from: null, to: null, path: null, sources: false };
  const v = { ...base, style: 'kind', off: ['ASSAULT', 'a, b & c'], positions: { a: [120, -40], b: [0, 35] } };
  const q = writeState(v);
  assert.match(q, /pos=a~120~-40,b~0~35/);
  assert.deepEqual(readState('?' + q), v, q);
  assert.deepEqual(readState('?n=a&style=type'), { ...base, nodes: ['a'] }, 'type is the default: not kept');
  assert.deepEqual(readState('?n=a&style=<script>&pos=a~1~x,b~2~3,<x>~1~1'), { ...base, nodes: ['a'], positions: { b: [2, 3] } });
  assert.equal(writeState({ ...base, positions: { a: [1.6, -2.4] } }), 'n=a,b&pos=a~2~-2');
});
