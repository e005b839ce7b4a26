import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createLatestGate } from '../js/latest.js';

/** A promise with its resolve and reject exposed, to finish requests in any order. */
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latest request wins', () => {
  it('makes an earlier ticket stale when a new request begins', () => {
    const gate = createLatestGate();
    const first = gate.begin();
    const second = gate.begin();
    assert.equal(first.isCurrent(), false);
    assert.equal(second.isCurrent(), true);
  });

  it('aborts the request in flight when a new one begins', () => {
    const gate = createLatestGate();
    const first = gate.begin();
    gate.begin();
    assert.equal(first.signal.aborted, true);
  });

  it('cancel aborts the request in flight and makes it stale', () => {
    const gate = createLatestGate();
    const ticket = gate.begin();
    gate.cancel();
    assert.equal(ticket.signal.aborted, true);
    assert.equal(ticket.isCurrent(), false);
  });

  it('drops a slow answer that arrives after a newer answer', async () => {
    const gate = createLatestGate();
    const slow = deferred();
    const fast = deferred();
    const slowRun = gate.run(() => slow.promise);
    const fastRun = gate.run(() => fast.promise);
    fast.resolve('newer');
    slow.resolve('older');
    assert.deepEqual(await fastRun, { status: 'current', value: 'newer' });
    assert.deepEqual(await slowRun, { status: 'stale' });
  });

  it('drops an answer that arrives after the answer was cleared', async () => {
    const gate = createLatestGate();
    const pending = deferred();
    const run = gate.run(() => pending.promise);
    gate.cancel();
    pending.resolve('too late');
    assert.deepEqual(await run, { status: 'stale' });
  });

  it('reports a failure of the newest request', async () => {
    const gate = createLatestGate();
    const error = new Error('service unavailable');
    const outcome = await gate.run(async () => {
      throw error;
    });
    assert.deepEqual(outcome, { status: 'error', error });
  });

  it('treats a failure of a superseded request as stale, not as an error to show', async () => {
    const gate = createLatestGate();
    const older = deferred();
    const olderRun = gate.run(() => older.promise);
    const newerRun = gate.run(async () => 'fine');
    older.reject(new Error('failed late'));
    assert.deepEqual(await olderRun, { status: 'stale' });
    assert.deepEqual(await newerRun, { status: 'current', value: 'fine' });
  });

  it('treats an abort error as stale', async () => {
    const gate = createLatestGate();
    const outcome = await gate.run(async () => {
      throw new DOMException('aborted', 'AbortError');
    });
    assert.deepEqual(outcome, { status: 'stale' });
  });

  it('hands each task the signal of its own request', async () => {
    const gate = createLatestGate();
    let seen;
    await gate.run(async (signal) => {
      seen = signal;
    });
    assert.ok(seen instanceof AbortSignal);
    assert.equal(seen.aborted, false);
  });
});
