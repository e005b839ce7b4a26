// Stroke geometry: pure functions, no DOM, so node can test them.
// A point is {x, y} in bitmap pixels of the drawing pad; a stroke is an array of points.

/** Side of the drawing pad's bitmap in pixels. The PNG sent to the API is PAD_SIZE x PAD_SIZE RGBA. */
export const PAD_SIZE = 280;

/**
 * Brush width for a pad of the given side. MNIST digits are drawn with a stroke of
 * roughly 2 px on a 28 px image, that is 1/14 of the side: 20 px on a 280 px pad.
 */
export function brushWidth(side = PAD_SIZE) {
  return side / 14;
}

/**
 * Converts a pointer position in CSS pixels into pad bitmap pixels, whatever the canvas's displayed
 * size; a wide pad (the Number pad) gives its bitmap's height too.
 */
export function toPadPoint(clientX, clientY, rect, size = PAD_SIZE, height = size) {
  const scaleX = rect.width > 0 ? size / rect.width : 1;
  const scaleY = rect.height > 0 ? height / rect.height : 1;
  return {
    x: round1((clientX - rect.left) * scaleX),
    y: round1((clientY - rect.top) * scaleY),
  };
}

export function distance(a, b) {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

export function midpoint(a, b) {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/**
 * Drops points closer than minDistance to the last point kept. Pointer events fire many
 * times per pixel on fast devices; the duplicates add nothing and make curves jagged.
 * The last point is kept whenever it moved at all, so the stroke still ends where the pen lifted.
 */
export function dedupePoints(points, minDistance = 1) {
  const kept = [];
  for (const point of points) {
    const last = kept[kept.length - 1];
    if (!last || distance(last, point) >= minDistance) {
      kept.push(point);
    }
  }
  const final = points[points.length - 1];
  const lastKept = kept[kept.length - 1];
  if (final && lastKept !== final && distance(lastKept, final) > 0) {
    kept.push(final);
  }
  return kept;
}

/**
 * Path commands that draw a smooth stroke through the points: quadratic curves whose control
 * points are the recorded points and whose end points are the midpoints between them.
 *   0 points -> []
 *   1 point  -> [{op: 'dot'}]               (a tap leaves a round dot)
 *   2 points -> [move, line]
 *   n points -> [move, quad x (n - 2), line]
 */
export function pathSegments(points) {
  if (points.length === 0) {
    return [];
  }
  const [first] = points;
  if (points.length === 1) {
    return [{ op: 'dot', x: first.x, y: first.y }];
  }
  const segments = [{ op: 'move', x: first.x, y: first.y }];
  for (let i = 1; i < points.length - 1; i++) {
    const control = points[i];
    const end = midpoint(control, points[i + 1]);
    segments.push({ op: 'quad', cx: control.x, cy: control.y, x: end.x, y: end.y });
  }
  const last = points[points.length - 1];
  segments.push({ op: 'line', x: last.x, y: last.y });
  return segments;
}

/** True when at least one stroke has at least one point. */
export function hasInk(strokes) {
  return strokes.some((stroke) => stroke.length > 0);
}

function round1(value) {
  return Math.round(value * 10) / 10;
}
