// Static checks of the page: the end-to-end hooks exist, and nothing needs 'unsafe-inline'.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';

import { DEFAULT_MODEL } from '../js/api.js';

const root = new URL('../', import.meta.url);
const html = readFileSync(new URL('index.html', root), 'utf8');
const markup = html.replace(/<!--[\s\S]*?-->/g, '');
const scripts = readdirSync(new URL('js/', root)).map((name) => readFileSync(new URL(`js/${name}`, root), 'utf8'));

describe('page hooks for end-to-end tests', () => {
  const ids = ['pad', 'predict', 'undo', 'clear', 'model', 'compare', 'upload', 'result', 'digit', 'confidence',
    'compare-results', 'error', 'models', 'seen', 'status', 'mode-number', 'number-pad', 'number-read', 'number',
    'number-digits', 'number-boxes', 'number-status', 'feedback', 'feedback-yes', 'feedback-no', 'feedback-picker',
    'feedback-status', 'number-feedback', 'number-feedback-yes', 'number-feedback-no', 'number-correction',
    'number-feedback-send', 'number-feedback-status'];
  for (const id of ids) {
    it(`has exactly one element with id "${id}"`, () => {
      const matches = markup.match(new RegExp(`\\sid="${id}"`, 'g')) || [];
      assert.equal(matches.length, 1);
    });
  }

  it('offers only the default model until the served models are loaded', () => {
    const options = [...markup.matchAll(/<option value="([^"]+)"([^>]*)>/g)];
    assert.deepEqual(options.map((m) => m[1]), [DEFAULT_MODEL]);
    assert.match(options[0][2], /\sselected\b/);
  });

  it('lists no models of its own beyond the default', () => {
    for (const source of [markup, ...scripts]) {
      assert.doesNotMatch(source, /['"`>](mlp|scratch)\b/);
    }
  });

  it('announces results in a polite live region', () => {
    assert.match(markup, /id="status"[^>]*aria-live="polite"/);
  });

  it('hides the error element until there is an error', () => {
    assert.match(markup, /<p id="error"[^>]*\shidden>/);
  });
});

describe('feedback controls', () => {
  const element = (id) => {
    const match = markup.match(new RegExp(`<[a-z]+ id="${id}"[^>]*>`));
    assert.ok(match, id);
    return match[0];
  };

  it('stay hidden until an answer takes feedback', () => {
    assert.match(element('feedback'), /\shidden>/);
    assert.match(element('number-feedback'), /\shidden>/);
  });

  it('ask "Right?" as a labelled group of two real buttons, ✗ opening what it controls', () => {
    for (const prefix of ['feedback', 'number-feedback']) {
      assert.match(element(`${prefix}-ask`), /role="group" aria-labelledby="[a-z-]+"/);
      assert.match(element(`${prefix}-yes`), /^<button [^>]*type="button"/);
      assert.match(element(`${prefix}-no`), /aria-expanded="false" aria-controls="[a-z-]+"/);
    }
  });

  it('offer the right digit as a labelled group of 0 to 9 and "Not a digit"', () => {
    assert.match(element('feedback-picker'), /role="group" aria-labelledby="feedback-picker-label"/);
    const choices = [...markup.matchAll(/<button type="button" class="feedback-choice[^"]*" data-label="([^"]+)">([^<]+)</g)];
    assert.deepEqual(choices.map((m) => m[1]), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'not-a-digit']);
    assert.equal(choices.at(-1)[2], 'Not a digit');
  });

  it('take a corrected number in a labelled numeric field of digits only', () => {
    const input = element('number-correction');
    assert.match(input, /type="text" inputmode="numeric" pattern="\[0-9\]\+"/);
    assert.match(markup, /<label id="number-correction-label" for="number-correction"/);
  });

  it('announce the thank-you or the problem politely, and can take the focus', () => {
    for (const id of ['feedback-status', 'number-feedback-status']) {
      assert.match(element(id), /aria-live="polite" tabindex="-1"/);
    }
  });

  it('say what feedback keeps, and that the drawing is not kept', () => {
    const notes = [...markup.matchAll(/<p class="feedback-note">([^<]+)</g)].map((m) => m[1]);
    assert.equal(notes.length, 2);
    for (const note of notes) {
      assert.match(note, /28×28 input/);
      assert.match(note, /never your original drawing/);
    }
  });
});

describe('content security policy', () => {
  it('loads scripts from files only, never inline', () => {
    const tags = [...markup.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(tags.length > 0);
    for (const [, attributes, body] of tags) {
      assert.match(attributes, /\ssrc="/);
      assert.equal(body.trim(), '');
    }
  });

  it('has no inline style attributes or style blocks', () => {
    assert.doesNotMatch(markup, /\sstyle="/);
    assert.doesNotMatch(markup, /<style\b/);
  });

  it('has no inline event handlers', () => {
    assert.doesNotMatch(markup, /\son[a-z]+="/);
  });

  it('never writes HTML or style attributes from scripts', () => {
    for (const source of scripts) {
      assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|setAttribute\(\s*'style'/);
    }
  });
});
