import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { agreement, announcement, compareAnnouncement, formatCount, formatPercent, isDigit, topIndex } from '../js/format.js';

describe('numbers for people', () => {
  it('shows a confidence as a percent with one decimal', () => {
    assert.equal(formatPercent(0.998), '99.8%');
    assert.equal(formatPercent(0.05), '5.0%');
  });

  it('shows a test accuracy with two decimals when asked', () => {
    assert.equal(formatPercent(0.9951, 2), '99.51%');
  });

  it('groups the thousands of a parameter count', () => {
    assert.equal(formatCount(1199882), '1,199,882');
  });

  it('says unknown for a missing parameter count', () => {
    assert.equal(formatCount(undefined), 'unknown');
  });
});

describe('top probability', () => {
  it('finds the most probable digit', () => {
    assert.equal(topIndex([0.01, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.9, 0.01, 0.01]), 7);
  });

  it('picks the lower digit on a tie', () => {
    assert.equal(topIndex([0, 0.5, 0, 0.5]), 1);
  });

  it('is -1 for no probabilities', () => {
    assert.equal(topIndex([]), -1);
  });
});

describe('announcements', () => {
  it('reads out the model, digit and confidence', () => {
    assert.equal(announcement({ model: 'cnn', digit: 7, confidence: 0.998 }), 'cnn predicts 7 with 99.8% confidence');
  });

  it('reads out every model of a comparison and whether they agree', () => {
    const text = compareAnnouncement([
      { model: 'cnn', digit: 7, confidence: 0.998 },
      { model: 'mlp', digit: 1, confidence: 0.6 },
    ]);
    assert.equal(text, 'cnn predicts 7 with 99.8% confidence; mlp predicts 1 with 60.0% confidence. The models disagree.');
  });

  it('says all models agree when they give the same digit', () => {
    const predictions = ['cnn', 'mlp', 'scratch'].map((model) => ({ model, digit: 3, confidence: 0.9 }));
    assert.equal(agreement(predictions), 'All 3 models agree.');
  });
});

describe('not a digit', () => {
  const mark = { model: 'cnn', digit: 8, confidence: 0.91, verdict: 'not-a-digit' };
  const seven = { model: 'mlp', digit: 7, confidence: 0.99, verdict: 'digit' };

  it('says kindly that a drawing is not a digit instead of a confident digit', () => {
    assert.equal(isDigit(mark), false);
    assert.equal(announcement(mark), "cnn: That doesn't look like a digit.");
    assert.equal(agreement([mark, { ...mark, model: 'mlp' }]), "That doesn't look like a digit.");
  });

  it('takes an answer without a verdict as a digit', () => {
    assert.equal(isDigit({ model: 'cnn', digit: 3, confidence: 0.9 }), true);
    assert.equal(announcement(seven), 'mlp predicts 7 with 99.0% confidence');
  });
});
