import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PAD_SIZE, brushWidth, dedupePoints, hasInk, midpoint, pathSegments, toPadPoint } from '../js/strokes.js';

const p = (x, y) => ({ x, y });

describe('brush width', () => {
  it('is 20 px on the 280 px pad, the MNIST stroke-to-digit proportion', () => {
    assert.equal(brushWidth(PAD_SIZE), 20);
  });

  it('scales with the side of the pad (1/14)', () => {
    assert.equal(brushWidth(140), 10);
    assert.equal(brushWidth(560), 40);
  });
});

describe('pointer position to pad pixels', () => {
  it('maps a canvas shown at 560 CSS px onto the 280 px bitmap', () => {
    const rect = { left: 100, top: 50, width: 560, height: 560 };
    assert.deepEqual(toPadPoint(100 + 280, 50 + 56, rect, 280), p(140, 28));
  });

  it('maps a canvas shrunk to 300 CSS px on a phone onto the same bitmap', () => {
    const rect = { left: 0, top: 0, width: 300, height: 300 };
    assert.deepEqual(toPadPoint(300, 150, rect, 280), p(280, 140));
  });
});

describe('point de-duplication', () => {
  it('drops repeated points', () => {
    assert.deepEqual(dedupePoints([p(1, 1), p(1, 1), p(1, 1), p(5, 5)]), [p(1, 1), p(5, 5)]);
  });

  it('drops points closer than the minimum distance to the last kept point', () => {
    const points = [p(0, 0), p(0.5, 0), p(3, 0), p(3.2, 0), p(6, 0)];
    assert.deepEqual(dedupePoints(points, 2), [p(0, 0), p(3, 0), p(6, 0)]);
  });

  it('keeps the point where the pen lifted even when it is close to the previous one', () => {
    const points = [p(0, 0), p(10, 0), p(10.5, 0)];
    assert.deepEqual(dedupePoints(points, 2), [p(0, 0), p(10, 0), p(10.5, 0)]);
  });

  it('leaves a single tap as one point', () => {
    assert.deepEqual(dedupePoints([p(4, 4), p(4, 4)]), [p(4, 4)]);
  });

  it('returns nothing for no points', () => {
    assert.deepEqual(dedupePoints([]), []);
  });
});

describe('smooth path segments', () => {
  it('draws a dot for a single point', () => {
    assert.deepEqual(pathSegments([p(7, 8)]), [{ op: 'dot', x: 7, y: 8 }]);
  });

  it('draws a straight line between two points', () => {
    assert.deepEqual(pathSegments([p(0, 0), p(10, 0)]), [
      { op: 'move', x: 0, y: 0 },
      { op: 'line', x: 10, y: 0 },
    ]);
  });

  it('curves through midpoints, using the recorded points as control points', () => {
    const segments = pathSegments([p(0, 0), p(10, 0), p(10, 10), p(0, 10)]);
    assert.deepEqual(segments, [
      { op: 'move', x: 0, y: 0 },
      { op: 'quad', cx: 10, cy: 0, x: 10, y: 5 },
      { op: 'quad', cx: 10, cy: 10, x: 5, y: 10 },
      { op: 'line', x: 0, y: 10 },
    ]);
  });

  it('starts at the first point and ends at the last one', () => {
    const points = [p(3, 4), p(8, 9), p(12, 2), p(20, 20), p(25, 1)];
    const segments = pathSegments(points);
    assert.deepEqual([segments[0].x, segments[0].y], [3, 4]);
    const last = segments[segments.length - 1];
    assert.deepEqual([last.op, last.x, last.y], ['line', 25, 1]);
    assert.equal(segments.filter((s) => s.op === 'quad').length, points.length - 2);
  });

  it('is empty for an empty stroke', () => {
    assert.deepEqual(pathSegments([]), []);
  });

  it('finds the midpoint of two points', () => {
    assert.deepEqual(midpoint(p(2, 4), p(6, 10)), p(4, 7));
  });
});

describe('ink', () => {
  it('is absent when there are no strokes or only empty ones', () => {
    assert.equal(hasInk([]), false);
    assert.equal(hasInk([[], []]), false);
  });

  it('is present with one point', () => {
    assert.equal(hasInk([[], [p(1, 1)]]), true);
  });
});
