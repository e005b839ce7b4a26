import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { shortcutFor } from '../js/keys.js';

const key = (k, extra = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, targetTag: 'BODY', ...extra });

describe('keyboard shortcuts', () => {
  it('undoes with Ctrl+Z and Cmd+Z', () => {
    assert.equal(shortcutFor(key('z', { ctrlKey: true })), 'undo');
    assert.equal(shortcutFor(key('z', { metaKey: true })), 'undo');
  });

  it('leaves Ctrl+Shift+Z (redo) alone', () => {
    assert.equal(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true })), null);
  });

  it('clears with Escape and Delete', () => {
    assert.equal(shortcutFor(key('Escape')), 'clear');
    assert.equal(shortcutFor(key('Delete')), 'clear');
  });

  it('predicts with Enter on the pad or the page', () => {
    assert.equal(shortcutFor(key('Enter', { targetTag: 'CANVAS' })), 'predict');
    assert.equal(shortcutFor(key('Enter')), 'predict');
  });

  it('leaves Enter to a focused button, which presses itself', () => {
    assert.equal(shortcutFor(key('Enter', { targetTag: 'BUTTON' })), null);
  });

  it('leaves Escape to a focused select', () => {
    assert.equal(shortcutFor(key('Escape', { targetTag: 'SELECT' })), null);
  });

  it('ignores plain letters', () => {
    assert.equal(shortcutFor(key('z')), null);
  });
});
