// The model select's options, from the gateway's GET /api/v1/models answer: pure, no DOM.
// The page lists no models of its own; until the answer arrives, or when it cannot be had,
// it offers the default model alone, which the gateway answers with when no model is named.

import { DEFAULT_MODEL } from './api.js';

/**
 * A few words that tell the models apart in the select: the kind of network, read from the
 * card's architecture, and the library it runs on (or "plain Java"), read from its framework.
 * "convolutional · DJL"; '' when the card says neither.
 */
export function modelDescription(card) {
  return [networkKind(card.architecture), frameworkName(card.framework)].filter(Boolean).join(' · ');
}

/** "Reshape 1x28x28, Conv 32 3x3, ..." -> "convolutional"; "Dense 512, ReLU, ..." -> "perceptron". */
function networkKind(architecture) {
  if (typeof architecture !== 'string') {
    return '';
  }
  if (/\bconv/i.test(architecture)) {
    return 'convolutional';
  }
  if (/\b(dense|linear)\b/i.test(architecture)) {
    return 'perceptron';
  }
  return '';
}

/**
 * The framework's name without versions, backend or explanation:
 * "DJL 0.35.1 on PyTorch 2.7.1" -> "DJL"; "plain Java (no ML library): hand-written ..." -> "plain Java".
 */
function frameworkName(framework) {
  if (typeof framework !== 'string') {
    return '';
  }
  const name = framework.split(/\s+on\s+|[(:,;]/)[0];
  return name.split(/\s+/).filter((word) => word && !/^v?\d/.test(word)).join(' ');
}

/** "cnn · convolutional · DJL", or the bare name when the card describes nothing. */
export function modelLabel(card) {
  const description = modelDescription(card);
  return description ? `${card.name} · ${description}` : card.name;
}

/**
 * What the select offers: one option per served model, in the API's order, and the one to select.
 * `body` is the parsed answer ({"models": [card, ...]}), or null while it is loading or after it
 * failed. The current choice stays when it is still offered; otherwise the default model when it
 * is offered, else the first one. With no usable card, the default model alone, under its name.
 *
 * @returns {{options: {value: string, label: string}[], selected: string}}
 */
export function modelOptions(body, current = '', fallback = DEFAULT_MODEL) {
  const cards = body && Array.isArray(body.models) ? body.models : [];
  const seen = new Set();
  const options = [];
  for (const card of cards) {
    const name = card && typeof card.name === 'string' ? card.name.trim() : '';
    if (name && !seen.has(name)) {
      seen.add(name);
      options.push({ value: name, label: modelLabel({ ...card, name }) });
    }
  }
  if (options.length === 0) {
    return { options: [{ value: fallback, label: fallback }], selected: fallback };
  }
  const offered = (value) => seen.has(value);
  const selected = offered(current) ? current : offered(fallback) ? fallback : options[0].value;
  return { options, selected };
}
