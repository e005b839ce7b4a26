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
    'number-digits', 'number-boxes', 'number-status'];
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
