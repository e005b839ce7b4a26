import assert from 'node:assert/strict';
import { beforeEach, describe, it, mock } from 'node:test';

import { debounce } from '../js/debounce.js';

/** Hand-driven timers: time moves only when the test calls advance(). */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map();
  return {
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { fn, at: now + ms });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now && timers.has(id)) {
          timers.delete(id);
          timer.fn();
        }
      }
    },
  };
}

describe('debounce', () => {
  let timers;
  let calls;
  let predictSoon;

  beforeEach(() => {
    timers = fakeTimers();
    calls = [];
    predictSoon = debounce((...args) => calls.push(args), 300, timers);
  });

  it('waits the full delay before calling', () => {
    predictSoon();
    timers.advance(299);
    assert.equal(calls.length, 0);
    timers.advance(1);
    assert.equal(calls.length, 1);
  });

  it('calls once for a burst of calls, with the last arguments', () => {
    predictSoon('a');
    timers.advance(100);
    predictSoon('b');
    timers.advance(100);
    predictSoon('c');
    timers.advance(300);
    assert.deepEqual(calls, [['c']]);
  });

  it('restarts the delay on every call', () => {
    predictSoon();
    timers.advance(250);
    predictSoon();
    timers.advance(250);
    assert.equal(calls.length, 0);
    timers.advance(50);
    assert.equal(calls.length, 1);
  });

  it('does not call after cancel', () => {
    predictSoon();
    predictSoon.cancel();
    timers.advance(1000);
    assert.equal(calls.length, 0);
    assert.equal(predictSoon.pending(), false);
  });

  it('flush calls a pending call at once, and only once', () => {
    predictSoon('now');
    predictSoon.flush();
    assert.deepEqual(calls, [['now']]);
    timers.advance(1000);
    assert.equal(calls.length, 1);
  });

  it('flush does nothing when no call is pending', () => {
    predictSoon.flush();
    assert.equal(calls.length, 0);
  });

  it('reports whether a call is pending', () => {
    assert.equal(predictSoon.pending(), false);
    predictSoon();
    assert.equal(predictSoon.pending(), true);
    timers.advance(300);
    assert.equal(predictSoon.pending(), false);
  });
});

describe('debounce with the global timers', () => {
  it('uses setTimeout when no timers are given', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const fn = mock.fn();
    const debounced = debounce(fn, 300);
    debounced(1);
    debounced(2);
    t.mock.timers.tick(299);
    assert.equal(fn.mock.callCount(), 0);
    t.mock.timers.tick(1);
    assert.equal(fn.mock.callCount(), 1);
    assert.deepEqual(fn.mock.calls[0].arguments, [2]);
  });
});
