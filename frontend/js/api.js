// The gateway's /api/v1, seen from the page. Request building and problem parsing are pure;
// the fetch function is injected so node can test the whole client without a network.

/** The model asked for when none is chosen, and the one the select offers until the list is loaded. */
export const DEFAULT_MODEL = 'cnn';

export const UNAVAILABLE_MESSAGE = 'The recognition service is unavailable. Try again in a moment.';

// Relative URLs: the page and the API share an origin (gateway or nginx), possibly under a path prefix.
const PATHS = Object.freeze({
  predict: 'api/v1/predict',
  compare: 'api/v1/compare',
  number: 'api/v1/number',
  models: 'api/v1/models',
  feedback: 'api/v1/feedback',
});

const ACCEPT = 'application/json, application/problem+json';

// Said when the service gives no detail and no title. A 404, 405 or 501 with no problem body comes
// from whatever serves the page (a static server with no API behind it), not from the gateway.
const FALLBACK_BY_STATUS = Object.freeze({
  400: 'The image could not be read. Try a PNG or JPEG file.',
  404: UNAVAILABLE_MESSAGE,
  405: UNAVAILABLE_MESSAGE,
  501: UNAVAILABLE_MESSAGE,
  413: 'The image is too large. Try a smaller file.',
  415: 'This kind of file is not supported. Use a PNG or JPEG image.',
  422: 'The canvas is empty. Draw a digit first.',
});

// Statuses that mean "nobody is answering": the gateway's 503, or a proxy in front of it.
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/** An error whose message can be shown to a person as it is. */
export class ApiError extends Error {
  constructor(message, status = 0, problem = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

function jsonPost(path, body) {
  return {
    url: path,
    init: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: ACCEPT },
      body: JSON.stringify(body),
    },
  };
}

/** POST /api/v1/predict: the image (data URL or bare base64) goes through untouched; model defaults to cnn. */
export function buildPredictRequest(image, model) {
  return jsonPost(PATHS.predict, { image, model: model || DEFAULT_MODEL });
}

/** POST /api/v1/compare: the same body without a model, since every model answers. */
export function buildCompareRequest(image) {
  return jsonPost(PATHS.compare, { image });
}

/** POST /api/v1/number: a drawing of a whole number, read digit by digit; model defaults to cnn. */
export function buildNumberRequest(image, model) {
  return jsonPost(PATHS.number, { image, model: model || DEFAULT_MODEL });
}

/** POST /api/v1/feedback: the answer's id and the true label ("7", "not-a-digit" or a number "2025"). */
export function buildFeedbackRequest(id, label) {
  return jsonPost(PATHS.feedback, { id, label });
}

export function buildModelsRequest() {
  return { url: PATHS.models, init: { method: 'GET', headers: { Accept: 'application/json' } } };
}

/**
 * The sentence to show for a failed response. `body` is the parsed problem+json object,
 * or anything else (null, a string of HTML) when the body was not JSON.
 */
export function problemMessage(status, body) {
  if (UNAVAILABLE_STATUSES.has(status)) {
    return UNAVAILABLE_MESSAGE;
  }
  const problem = body && typeof body === 'object' ? body : {};
  const detail = nonBlank(problem.detail);
  if (detail) {
    return detail;
  }
  const title = nonBlank(problem.title);
  if (title) {
    return title;
  }
  return FALLBACK_BY_STATUS[status] || `Something went wrong (HTTP ${status}). Try again.`;
}

/** Parses a text body as JSON, or returns null when it is not JSON. */
export function parseJson(text) {
  if (typeof text !== 'string' || text.trim() === '') {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Turns a fetch Response into its JSON body, or throws an ApiError with a message for people. */
export async function readResponse(response) {
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) {
    throw new ApiError(problemMessage(response.status, body), response.status, body);
  }
  if (body === null || typeof body !== 'object') {
    throw new ApiError('The recognition service sent an answer this page cannot read.', response.status);
  }
  return body;
}

/**
 * A client for the gateway. `fetchFn` is window.fetch in the page and a fake in tests.
 * Aborted requests reject with the AbortError unchanged; network failures become ApiError(UNAVAILABLE_MESSAGE).
 */
export function createApi(fetchFn, base = '') {
  /** The response, or null when the network failed; an abort rejects with its AbortError unchanged. */
  async function reach({ url, init }, signal) {
    try {
      return await fetchFn(base + url, { ...init, signal });
    } catch (error) {
      if (error && error.name === 'AbortError') {
        throw error;
      }
      return null;
    }
  }

  async function send(request, signal) {
    const response = await reach(request, signal);
    if (response === null) {
      throw new ApiError(UNAVAILABLE_MESSAGE, 0);
    }
    return readResponse(response);
  }

  /**
   * Feedback has its own words for each status (feedback.js), so its reply comes back as it is:
   * {status, body, retryAfter}, with status 0 and no body when the network failed.
   */
  async function sendFeedback(id, label, signal) {
    const response = await reach(buildFeedbackRequest(id, label), signal);
    if (response === null) {
      return { status: 0, body: null, retryAfter: null };
    }
    let text = '';
    try {
      text = await response.text();
    } catch {
      // a body cut off: the status still says what happened
    }
    return { status: response.status, body: parseJson(text), retryAfter: response.headers.get('Retry-After') };
  }

  return {
    predict: (image, model, signal) => send(buildPredictRequest(image, model), signal),
    compare: (image, signal) => send(buildCompareRequest(image), signal),
    number: (image, model, signal) => send(buildNumberRequest(image, model), signal),
    models: (signal) => send(buildModelsRequest(), signal),
    feedback: sendFeedback,
  };
}

function nonBlank(value) {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : '';
}
