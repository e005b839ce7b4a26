// Wiring: connects the pad, the controls, the API client and the result view.

import { ApiError, DEFAULT_MODEL, createApi } from './api.js';
import { DrawingPad } from './canvas.js';
import { debounce } from './debounce.js';
import { DigitFeedback, NumberFeedback } from './feedback-view.js';
import { announcement, compareAnnouncement } from './format.js';
import { shortcutFor } from './keys.js';
import { createLatestGate } from './latest.js';
import { modelOptions } from './models.js';
import { numberAnnouncement } from './number.js';
import {
  NumberView,
  ResultView,
  renderModelSelect,
  renderModels,
  renderModelsError,
  renderModelsLoading,
} from './render.js';

const PREDICT_DELAY_MS = 300;
const EMPTY_MESSAGE = 'The canvas is empty. Draw a digit first, or upload an image.';
const EMPTY_NUMBER_MESSAGE = 'The pad is empty. Draw a number first.';
/** The Number pad's bitmap: 3:1, as tall as the digit pad, so the brush and the digits match it. */
const NUMBER_PAD = Object.freeze({ width: 840, height: 280 });

const $ = (id) => document.getElementById(id);

const api = createApi((url, init) => fetch(url, init));
const sendFeedback = (id, label) => api.feedback(id, label);
const view = new ResultView(document, new DigitFeedback(document, sendFeedback));
const gate = createLatestGate();

const controls = {
  predict: $('predict'),
  undo: $('undo'),
  clear: $('clear'),
  model: $('model'),
  compare: $('compare'),
  upload: $('upload'),
  dropZone: $('drop-zone'),
  preview: $('upload-preview'),
  models: $('models'),
};

/** What the next prediction is about: the drawing, or an uploaded image. */
let source = { kind: 'pad' };
let compareMode = false;

const pad = new DrawingPad($('pad'), {
  onStrokeStart() {
    predictSoon.cancel();
    if (source.kind === 'upload') {
      useDrawing();
    }
  },
  onStrokeEnd() {
    predictSoon();
  },
});

const predictSoon = debounce(() => predict(), PREDICT_DELAY_MS);

function currentImage() {
  if (source.kind === 'upload') {
    return source.dataUrl;
  }
  return pad.isEmpty() ? null : pad.toDataURL();
}

function selectedModel() {
  return controls.model.value || DEFAULT_MODEL;
}

async function predict() {
  predictSoon.cancel();
  const image = currentImage();
  if (!image) {
    gate.cancel();
    view.clear();
    view.showError(EMPTY_MESSAGE);
    return;
  }
  const compare = compareMode;
  const model = selectedModel();
  view.clearError();
  view.setBusy(true);
  const outcome = await gate.run((signal) => (compare ? api.compare(image, signal) : api.predict(image, model, signal)));
  if (outcome.status === 'stale') {
    return; // a newer request (or a clear) owns the screen now
  }
  view.setBusy(false);
  if (outcome.status === 'error') {
    view.clear();
    view.showError(messageOf(outcome.error));
    return;
  }
  if (compare) {
    view.showComparison(outcome.value);
    view.announce(compareAnnouncement(outcome.value.predictions || []));
  } else {
    view.showPrediction(outcome.value);
    view.announce(announcement(outcome.value));
  }
}

function messageOf(error) {
  return error instanceof ApiError ? error.message : 'Something went wrong on this page. Try again.';
}

function clearAll() {
  predictSoon.cancel();
  gate.cancel();
  useDrawing();
  pad.clear();
  view.clear();
}

function undo() {
  if (source.kind === 'upload') {
    clearAll();
    return;
  }
  if (!pad.undo()) {
    return;
  }
  if (pad.isEmpty()) {
    predictSoon.cancel();
    gate.cancel();
    view.clear();
  } else {
    predictSoon();
  }
}

function useDrawing() {
  source = { kind: 'pad' };
  controls.preview.hidden = true;
  controls.preview.removeAttribute('src');
  controls.dropZone.classList.remove('has-upload');
  controls.upload.value = '';
}

// --- upload: file input and drag-and-drop -------------------------------------------------------

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(reader.result));
    reader.addEventListener('error', () => reject(reader.error));
    reader.readAsDataURL(file);
  });
}

async function useFile(file) {
  if (!file) {
    return;
  }
  predictSoon.cancel();
  gate.cancel();
  let dataUrl;
  try {
    dataUrl = await readAsDataUrl(file);
  } catch {
    view.clear();
    view.showError(`The file “${file.name}” could not be read.`);
    return;
  }
  pad.clear();
  source = { kind: 'upload', dataUrl, name: file.name };
  if (dataUrl.startsWith('data:image/')) {
    controls.preview.src = dataUrl;
    controls.preview.alt = `Uploaded image: ${file.name}`;
    controls.preview.hidden = false;
    controls.dropZone.classList.add('has-upload');
  }
  predict();
}

controls.upload.addEventListener('change', () => useFile(controls.upload.files[0]));

controls.dropZone.addEventListener('dragenter', (e) => {
  e.preventDefault();
  controls.dropZone.classList.add('is-dragging');
});
controls.dropZone.addEventListener('dragover', (e) => {
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  controls.dropZone.classList.add('is-dragging');
});
controls.dropZone.addEventListener('dragleave', (e) => {
  if (!controls.dropZone.contains(e.relatedTarget)) {
    controls.dropZone.classList.remove('is-dragging');
  }
});
controls.dropZone.addEventListener('drop', (e) => {
  e.preventDefault();
  controls.dropZone.classList.remove('is-dragging');
  const files = e.dataTransfer ? e.dataTransfer.files : null;
  useFile(files && files[0]);
});
// A file dropped beside the pad must not make the browser navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

// --- buttons, model choice, compare toggle, keyboard --------------------------------------------

controls.predict.addEventListener('click', () => predict());
controls.undo.addEventListener('click', undo);
controls.clear.addEventListener('click', clearAll);

controls.model.addEventListener('change', () => {
  if (!compareMode && currentImage()) predict();
});

controls.compare.addEventListener('click', () => {
  compareMode = !compareMode;
  controls.compare.setAttribute('aria-pressed', String(compareMode));
  controls.model.disabled = compareMode;
  document.body.classList.toggle('compare-mode', compareMode);
  if (currentImage()) {
    predict();
  } else {
    view.clear();
  }
});

// --- Number mode ----------------------------------------------------------------------------------

const numberView = new NumberView(document, new NumberFeedback(document, sendFeedback));
const numberGate = createLatestGate();
let numberMode = false;

const numberPad = new DrawingPad(
  $('number-pad'),
  {
    onStrokeStart() {
      readSoon.cancel();
    },
    onStrokeEnd() {
      readSoon();
    },
  },
  NUMBER_PAD,
);

const readSoon = debounce(() => readNumber(), PREDICT_DELAY_MS * 2);

async function readNumber() {
  readSoon.cancel();
  if (numberPad.isEmpty()) {
    numberGate.cancel();
    numberView.clear();
    numberView.showError(EMPTY_NUMBER_MESSAGE);
    return;
  }
  const image = numberPad.toDataURL();
  const model = selectedModel();
  numberView.showError('');
  numberView.setBusy(true);
  const outcome = await numberGate.run((signal) => api.number(image, model, signal));
  if (outcome.status === 'stale') {
    return;
  }
  numberView.setBusy(false);
  if (outcome.status === 'error') {
    numberView.clear();
    numberView.showError(messageOf(outcome.error));
    return;
  }
  numberView.show(outcome.value, NUMBER_PAD.width, NUMBER_PAD.height);
  numberView.announce(numberAnnouncement(outcome.value));
}

function clearNumber() {
  readSoon.cancel();
  numberGate.cancel();
  numberPad.clear();
  numberView.clear();
}

function undoNumber() {
  if (!numberPad.undo()) {
    return;
  }
  if (numberPad.isEmpty()) {
    clearNumber();
  } else {
    readSoon();
  }
}

function setMode(number) {
  numberMode = number;
  $('mode-digit').setAttribute('aria-pressed', String(!number));
  $('mode-number').setAttribute('aria-pressed', String(number));
  document.body.classList.toggle('number-mode', number);
  $('number-panel').hidden = !number;
  document.querySelector('.pad-panel').hidden = number;
  $('result-panel').hidden = number;
  (number ? $('number-pad') : $('pad')).focus();
}

$('mode-digit').addEventListener('click', () => setMode(false));
$('mode-number').addEventListener('click', () => setMode(true));
$('number-read').addEventListener('click', () => readNumber());
$('number-undo').addEventListener('click', undoNumber);
$('number-clear').addEventListener('click', clearNumber);

document.addEventListener('keydown', (e) => {
  const action = shortcutFor({
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    altKey: e.altKey,
    shiftKey: e.shiftKey,
    targetTag: e.target && e.target.tagName,
  });
  if (!action || (e.repeat && action !== 'undo')) {
    return;
  }
  e.preventDefault();
  if (numberMode) {
    if (action === 'undo') undoNumber();
    else if (action === 'clear') clearNumber();
    else if (action === 'predict') readNumber();
    return;
  }
  if (action === 'undo') undo();
  else if (action === 'clear') clearAll();
  else if (action === 'predict') predict();
});

// --- model information --------------------------------------------------------------------------

// The select offers what the gateway serves. Until the list arrives, and if it cannot be loaded,
// it keeps what it has: at first the default model alone (index.html), which predictions use.
async function loadModels() {
  renderModelsLoading(controls.models);
  controls.model.setAttribute('aria-busy', 'true');
  try {
    const body = await api.models();
    renderModels(controls.models, body.models);
    const changed = renderModelSelect(controls.model, modelOptions(body, controls.model.value));
    if (changed && !compareMode && currentImage()) {
      predict(); // the answer on screen came from a model that is no longer offered
    }
  } catch (error) {
    renderModelsError(controls.models, messageOf(error), loadModels);
  } finally {
    controls.model.setAttribute('aria-busy', 'false');
  }
}

loadModels();
