import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildNumberRequest, createApi } from '../js/api.js';
import { boxPercent, digitLabel, numberAnnouncement } from '../js/number.js';
import { toPadPoint } from '../js/strokes.js';

const READING = {
  model: 'cnn',
  number: '2025',
  confidence: 0.97,
  digits: [
    { digit: 2, confidence: 0.99, box: { x: 84, y: 28, width: 168, height: 196 } },
    { digit: 0, confidence: 0.991 },
    { digit: 2, confidence: 0.99 },
    { digit: 5, confidence: 0.99 },
  ],
};

describe('the Number mode', () => {
  it('posts the drawing to /api/v1/number with the chosen model', () => {
    const { url, init } = buildNumberRequest('data:image/png;base64,AA==', 'mlp');
    assert.equal(url, 'api/v1/number');
    assert.equal(init.method, 'POST');
    assert.deepEqual(JSON.parse(init.body), { image: 'data:image/png;base64,AA==', model: 'mlp' });
  });

  it('asks cnn when no model is chosen', () => {
    assert.equal(JSON.parse(buildNumberRequest('AA==').init.body).model, 'cnn');
  });

  it('reads the answer through the client', async () => {
    const api = createApi(async () => new Response(JSON.stringify(READING), { status: 200 }));
    assert.equal((await api.number('AA==', 'cnn')).number, '2025');
  });

  it('places a box over its digit as a share of the pad', () => {
    assert.deepEqual(boxPercent(READING.digits[0].box, 840, 280), {
      left: '10.00%',
      top: '10.00%',
      width: '20.00%',
      height: '70.00%',
    });
  });

  it('reads the number out digit by digit, leading zeros too', () => {
    assert.equal(numberAnnouncement(READING), 'cnn reads 2025, digits 2 0 2 5 (4 digits) with 97.0% confidence');
    assert.match(numberAnnouncement({ ...READING, number: '07', digits: [{}, {}] }), /digits 0 7 \(2 digits\)/);
  });

  it('labels each digit by its place', () => {
    assert.equal(digitLabel(READING.digits[1], 1, 4), 'Digit 2 of 4: 0, 99.1% confident');
  });

  it('maps a pointer on the wide pad to its bitmap in both axes', () => {
    const rect = { left: 0, top: 0, width: 420, height: 140 };
    assert.deepEqual(toPadPoint(210, 70, rect, 840, 280), { x: 420, y: 140 });
  });
});

describe('marks that are not digits', () => {
  it('labels such a mark as not a digit and says the number has one', () => {
    assert.equal(digitLabel({ digit: 4, confidence: 0.8, verdict: 'not-a-digit' }, 1, 3), 'Digit 2 of 3: not a digit');
    const reading = { model: 'cnn', number: '1?3', verdict: 'not-a-number', confidence: 0.5, digits: [{}, {}, {}] };
    assert.match(numberAnnouncement(reading), /some marks are not digits$/);
  });
});
