import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ApiError,
  UNAVAILABLE_MESSAGE,
  buildCompareRequest,
  buildModelsRequest,
  buildPredictRequest,
  createApi,
  problemMessage,
} from '../js/api.js';

const DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';

function problem(status, fields) {
  return new Response(JSON.stringify({ type: 'urn:digit-recognizer:problem:x', status, ...fields }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

function json(body, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A fake fetch that records its calls and answers with the given function. */
function fakeFetch(answer) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, init });
    return answer(url, init);
  };
  fn.calls = calls;
  return fn;
}

describe('request building', () => {
  it('posts JSON with the image and the chosen model to api/v1/predict', () => {
    const { url, init } = buildPredictRequest(DATA_URL, 'mlp');
    assert.equal(url, 'api/v1/predict');
    assert.equal(init.method, 'POST');
    assert.equal(init.headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(init.body), { image: DATA_URL, model: 'mlp' });
  });

  it('asks for the cnn model when none is chosen', () => {
    assert.equal(JSON.parse(buildPredictRequest(DATA_URL).init.body).model, 'cnn');
    assert.equal(JSON.parse(buildPredictRequest(DATA_URL, '').init.body).model, 'cnn');
  });

  it('passes a data URL and bare base64 through untouched', () => {
    assert.equal(JSON.parse(buildPredictRequest(DATA_URL, 'cnn').init.body).image, DATA_URL);
    assert.equal(JSON.parse(buildPredictRequest('iVBORw0KGgo=', 'cnn').init.body).image, 'iVBORw0KGgo=');
  });

  it('posts the image without a model to api/v1/compare', () => {
    const { url, init } = buildCompareRequest(DATA_URL);
    assert.equal(url, 'api/v1/compare');
    assert.equal(init.method, 'POST');
    assert.deepEqual(JSON.parse(init.body), { image: DATA_URL });
  });

  it('gets the model list from api/v1/models', () => {
    const { url, init } = buildModelsRequest();
    assert.equal(url, 'api/v1/models');
    assert.equal(init.method, 'GET');
  });
});

describe('problem messages', () => {
  it('shows the detail of a problem', () => {
    const body = { title: 'Empty canvas', status: 422, detail: 'The image has no ink: draw a digit first.' };
    assert.equal(problemMessage(422, body), 'The image has no ink: draw a digit first.');
  });

  it('falls back to the title when there is no detail', () => {
    assert.equal(problemMessage(415, { title: 'Unsupported image format', status: 415 }), 'Unsupported image format');
  });

  it('falls back to the title when the detail is blank', () => {
    assert.equal(problemMessage(400, { title: 'Bad request', detail: '   ' }), 'Bad request');
  });

  it('explains an empty canvas when a 422 carries no words', () => {
    assert.match(problemMessage(422, null), /canvas is empty/i);
  });

  it('explains an unsupported format when a 415 carries no words', () => {
    assert.match(problemMessage(415, null), /PNG or JPEG/);
  });

  it('says the service is unavailable on 503, whatever the body says', () => {
    assert.equal(problemMessage(503, { detail: 'inference-service: connection refused' }), UNAVAILABLE_MESSAGE);
  });

  it('says the service is unavailable when a proxy answers 502 or 504 with HTML', () => {
    assert.equal(problemMessage(502, '<html>Bad Gateway</html>'), UNAVAILABLE_MESSAGE);
    assert.equal(problemMessage(504, null), UNAVAILABLE_MESSAGE);
  });

  it('shows the detail of a 404 unknown-model problem', () => {
    assert.equal(problemMessage(404, { title: 'Unknown model', detail: 'There is no model named "svm".' }), 'There is no model named "svm".');
  });

  it('says the service is unavailable on a 404 without a problem body, as when no API is behind the page', () => {
    assert.equal(problemMessage(404, '<html>File not found</html>'), UNAVAILABLE_MESSAGE);
  });

  it('says the service is unavailable when a static server refuses the POST (405 or 501 without a problem)', () => {
    assert.equal(problemMessage(405, '<html>Not Allowed</html>'), UNAVAILABLE_MESSAGE);
    assert.equal(problemMessage(501, null), UNAVAILABLE_MESSAGE);
  });

  it('names the status for an unexpected error without a body', () => {
    assert.equal(problemMessage(500, null), 'Something went wrong (HTTP 500). Try again.');
  });
});

describe('api client', () => {
  it('returns the prediction of a successful answer', async () => {
    const answer = { model: 'cnn', digit: 7, confidence: 0.998, probabilities: Array(10).fill(0.1), input: DATA_URL };
    const fetch = fakeFetch(() => json(answer));
    const result = await createApi(fetch).predict(DATA_URL, 'cnn');
    assert.deepEqual(result, answer);
    assert.equal(fetch.calls[0].url, 'api/v1/predict');
  });

  it('prefixes the base path and passes the abort signal to fetch', async () => {
    const fetch = fakeFetch(() => json({ predictions: [] }));
    const controller = new AbortController();
    await createApi(fetch, '/').compare(DATA_URL, controller.signal);
    assert.equal(fetch.calls[0].url, '/api/v1/compare');
    assert.equal(fetch.calls[0].init.signal, controller.signal);
  });

  it('rejects a 422 problem with its detail for people to read', async () => {
    const fetch = fakeFetch(() => problem(422, { title: 'Empty canvas', detail: 'Draw a digit first.' }));
    await assert.rejects(createApi(fetch).predict(DATA_URL), (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 422);
      assert.equal(error.message, 'Draw a digit first.');
      return true;
    });
  });

  it('rejects a 415 problem without detail with its title', async () => {
    const fetch = fakeFetch(() => problem(415, { title: 'Unsupported image format' }));
    await assert.rejects(createApi(fetch).predict(DATA_URL), { name: 'ApiError', status: 415, message: 'Unsupported image format' });
  });

  it('rejects a 503 as the service being unavailable', async () => {
    const fetch = fakeFetch(() => problem(503, { title: 'Inference unavailable', detail: 'Try later.' }));
    await assert.rejects(createApi(fetch).predict(DATA_URL), { status: 503, message: UNAVAILABLE_MESSAGE });
  });

  it('rejects a network failure as the service being unavailable', async () => {
    const fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await assert.rejects(createApi(fetch).models(), { name: 'ApiError', status: 0, message: UNAVAILABLE_MESSAGE });
  });

  it('rejects a non-JSON error body with a message chosen from the status', async () => {
    const fetch = fakeFetch(() => new Response('<h1>Bad Request</h1>', { status: 400, headers: { 'Content-Type': 'text/html' } }));
    await assert.rejects(createApi(fetch).predict(DATA_URL), { status: 400, message: /could not be read/ });
  });

  it('rejects a successful answer that is not JSON', async () => {
    const fetch = fakeFetch(() => new Response('<html></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    await assert.rejects(createApi(fetch).models(), { name: 'ApiError', message: /cannot read/ });
  });

  it('lets an aborted request reject with the AbortError itself', async () => {
    const fetch = async () => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    };
    await assert.rejects(createApi(fetch).predict(DATA_URL), { name: 'AbortError' });
  });
});
