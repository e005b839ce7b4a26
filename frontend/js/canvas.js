// The drawing pad: pointer input (mouse, touch, pen), a list of strokes, undo, redraw and export.
// The bitmap is PAD_SIZE x PAD_SIZE (the Number pad: its own width x height) whatever the CSS size
// or devicePixelRatio: black ink on a transparent background, because the gateway reads the alpha
// channel as ink. The brush follows the height, so a digit on either pad is drawn alike.

import { PAD_SIZE, brushWidth, dedupePoints, hasInk, pathSegments, toPadPoint } from './strokes.js';

const INK = '#000';

export class DrawingPad {
  /**
   * @param canvas the <canvas> element
   * @param callbacks {onStrokeStart(), onStrokeEnd(), onChange()} all optional
   * @param size {width, height} of the bitmap; PAD_SIZE square by default
   */
  constructor(canvas, callbacks = {}, size = { width: PAD_SIZE, height: PAD_SIZE }) {
    this.canvas = canvas;
    this.width = size.width;
    this.height = size.height;
    this.canvas.width = this.width;
    this.canvas.height = this.height;
    this.ctx = canvas.getContext('2d');
    this.callbacks = callbacks;
    this.strokes = [];
    this.active = null; // {pointerId, points}
    this.frame = 0;

    canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    canvas.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    canvas.addEventListener('lostpointercapture', (e) => this.onPointerUp(e));
  }

  isEmpty() {
    return !hasInk(this.strokes) && !(this.active && this.active.points.length > 0);
  }

  get strokeCount() {
    return this.strokes.length;
  }

  /** Removes the last finished stroke. Returns true when there was one. */
  undo() {
    if (this.active || this.strokes.length === 0) {
      return false;
    }
    this.strokes.pop();
    this.redraw();
    this.changed();
    return true;
  }

  clear() {
    this.active = null;
    this.strokes = [];
    this.redraw();
    this.changed();
  }

  /** The pad as an RGBA PNG data URL of its bitmap's size (280x280 for the digit pad). */
  toDataURL() {
    return this.canvas.toDataURL('image/png');
  }

  redraw() {
    const { ctx } = this;
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineWidth = brushWidth(this.height);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of this.strokes) {
      this.drawStroke(stroke);
    }
    if (this.active) {
      this.drawStroke(this.active.points);
    }
  }

  drawStroke(points) {
    const { ctx } = this;
    const segments = pathSegments(points);
    if (segments.length === 0) {
      return;
    }
    ctx.beginPath();
    if (segments[0].op === 'dot') {
      ctx.arc(segments[0].x, segments[0].y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
      return;
    }
    for (const s of segments) {
      if (s.op === 'move') ctx.moveTo(s.x, s.y);
      else if (s.op === 'quad') ctx.quadraticCurveTo(s.cx, s.cy, s.x, s.y);
      else if (s.op === 'line') ctx.lineTo(s.x, s.y);
    }
    ctx.stroke();
  }

  // --- pointer input -------------------------------------------------------------------------

  point(event) {
    return toPadPoint(event.clientX, event.clientY, this.canvas.getBoundingClientRect(), this.width, this.height);
  }

  onPointerDown(event) {
    if (this.active || (event.pointerType === 'mouse' && event.button !== 0)) {
      return;
    }
    event.preventDefault();
    try {
      this.canvas.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no capturable pointer; drawing still works.
    }
    this.active = { pointerId: event.pointerId, points: [this.point(event)] };
    if (this.callbacks.onStrokeStart) this.callbacks.onStrokeStart();
    this.scheduleRedraw();
  }

  onPointerMove(event) {
    if (!this.active || event.pointerId !== this.active.pointerId) {
      return;
    }
    event.preventDefault();
    // Coalesced events carry the points the browser merged into this one: smoother fast strokes.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    for (const e of events.length > 0 ? events : [event]) {
      this.active.points.push(this.point(e));
    }
    this.scheduleRedraw();
  }

  onPointerUp(event) {
    if (!this.active || event.pointerId !== this.active.pointerId) {
      return;
    }
    if (event.type === 'pointerup') {
      this.active.points.push(this.point(event));
    }
    const points = dedupePoints(this.active.points, 1.5);
    this.active = null;
    if (points.length > 0) {
      this.strokes.push(points);
    }
    this.cancelFrame();
    this.redraw();
    this.changed();
    if (points.length > 0 && this.callbacks.onStrokeEnd) this.callbacks.onStrokeEnd();
  }

  scheduleRedraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redraw();
    });
  }

  cancelFrame() {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
  }

  changed() {
    if (this.callbacks.onChange) this.callbacks.onChange();
  }
}
