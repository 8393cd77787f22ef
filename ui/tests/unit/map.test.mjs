// The map's pure parts: the box around the events, the projection, the
// country outline paths and the grouping of events by place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './load.mjs';

const { fitBox, projector, ringsPath, groupPlaces, markerRadius, WORLD } = await load('mapview.ts');

const ev = (id, lat, lon, place, kind = 'CONSULT') => ({ id, title: id, kind, startDate: '2025-05-16', place, lat, lon });

test('map: the box pads the events, has a minimum size, stays on the globe; the world when there is nothing', () => {
  assert.deepEqual(fitBox([]), WORLD);
  const one = fitBox([{ lat: 41, lon: 29 }]);
  assert.deepEqual(one, { west: 21, east: 37, south: 36, north: 46 }, 'one place: 16° by 10° around it');
  const two = fitBox([{ lat: 41, lon: 29 }, { lat: 55.75, lon: 37.6 }]);
  assert.ok(two.west < 29 && two.east > 37.6 && two.south < 41 && two.north > 55.75);
  assert.ok(Math.abs(two.north - 55.75 - 0.2 * 14.75) < 1e-9, 'padded by a fifth');
  const edge = fitBox([{ lat: 80, lon: 179 }, { lat: -80, lon: -179 }]);
  assert.ok(edge.west >= -180 && edge.east <= 180 && edge.south >= -85 && edge.north <= 85);
});

test('map: the projection puts north up, west left, keeps the box inside the frame at one scale, corrects for latitude', () => {
  const b = { west: 20, east: 40, south: 40, north: 60 };
  const p = projector(b, 400, 300);
  const [x1, y1] = p(20, 60);
  const [x2, y2] = p(40, 40);
  assert.ok(x1 < x2 && y1 < y2, 'north-west is top-left');
  for (const v of [x1, x2]) assert.ok(v >= -1e-9 && v <= 400 + 1e-9);
  for (const v of [y1, y2]) assert.ok(v >= -1e-9 && v <= 300 + 1e-9);
  assert.ok(Math.abs(y2 - y1 - 300) < 1e-9, 'the taller side fills the frame');
  const k = Math.cos((50 * Math.PI) / 180);
  assert.ok(Math.abs((x2 - x1) / (y2 - y1) - k) < 1e-9, 'a degree of longitude is cos(latitude) of a degree of latitude');
  const [cx, cy] = p(30, 50);
  assert.ok(Math.abs(cx - 200) < 1e-9 && Math.abs(cy - 150) < 1e-9, 'centred');
});

test('map: rings become closed SVG paths', () => {
  const p = (lon, lat) => [lon, -lat];
  assert.equal(ringsPath([[[0, 0], [10, 0], [10, 10]], [[1, 1], [2, 2], [1, 2]]], p), 'M0.0,0.0L10.0,0.0L10.0,-10.0ZM1.0,-1.0L2.0,-2.0L1.0,-2.0Z');
});

test('map: events at one place share a marker, the busiest first; markers grow with the square root, capped', () => {
  const places = groupPlaces([ev('a', 41.0392, 29.0004, 'Dolmabahçe Palace'), ev('b', 55.7558, 37.6173, 'Moscow'), ev('c', 41.03921, 29.00041, 'Dolmabahçe Palace'), ev('d', 48.0159, 37.8029, 'Donetsk Oblast')]);
  assert.deepEqual(places.map((p) => [p.place, p.events.map((e) => e.id)]), [['Dolmabahçe Palace', ['a', 'c']], ['Donetsk Oblast', ['d']], ['Moscow', ['b']]]);
  assert.ok(markerRadius(1) < markerRadius(4) && markerRadius(4) < markerRadius(100));
  assert.equal(markerRadius(10000), 22);
});
