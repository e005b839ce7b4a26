// DOM rendering of answers, errors, the waiting state, the model panel and the model select.
// Text goes in through textContent only; bar widths through the CSSOM (allowed by a strict CSP).

import { agreement, formatCount, formatPercent, isDigit, NOT_A_DIGIT_MESSAGE, topIndex } from './format.js';
import { boxPercent, digitLabel } from './number.js';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An <ol> of ten bars, one per digit, the most probable one highlighted. */
export function probabilityBars(probabilities, label) {
  const list = el('ol', 'bars');
  list.setAttribute('aria-label', label);
  const top = topIndex(probabilities);
  probabilities.forEach((p, digit) => {
    const row = el('li', digit === top ? 'bar-row is-top' : 'bar-row');
    row.dataset.digit = String(digit);
    const track = el('span', 'bar-track');
    const bar = el('span', digit === top ? 'bar top' : 'bar');
    bar.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
    track.append(bar);
    row.append(el('span', 'bar-label', String(digit)), track, el('span', 'bar-value', formatPercent(p)));
    list.append(row);
  });
  return list;
}

export class ResultView {
  /**
   * @param root document (or anything with getElementById)
   * @param feedback the controls under an answer (DigitFeedback), or null
   */
  constructor(root = document, feedback = null) {
    const get = (id) => root.getElementById(id);
    this.feedback = feedback;
    this.panel = get('result-panel');
    this.placeholder = get('placeholder');
    this.busy = get('busy');
    this.error = get('error');
    this.result = get('result');
    this.digit = get('digit');
    this.confidence = get('confidence');
    this.verdict = get('verdict');
    this.modelName = get('result-model');
    this.bars = get('bars');
    this.timing = get('timing');
    this.compareResults = get('compare-results');
    this.compareSummary = get('compare-summary');
    this.seenFigure = get('seen-figure');
    this.seen = get('seen');
    this.status = get('status');
  }

  setBusy(busy) {
    this.panel.setAttribute('aria-busy', String(busy));
    this.busy.hidden = !busy;
    if (busy) {
      this.feedback?.hide(); // the answer on screen is being replaced: no feedback on it any more
    }
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    if (message) {
      this.placeholder.hidden = true;
    }
  }

  clearError() {
    this.showError('');
  }

  /** Removes every answer and error: back to the empty state. */
  clear() {
    this.clearError();
    this.setBusy(false);
    this.result.hidden = true;
    this.compareResults.hidden = true;
    this.compareResults.replaceChildren();
    this.compareSummary.hidden = true;
    this.compareSummary.textContent = '';
    this.bars.replaceChildren();
    this.digit.textContent = '';
    this.confidence.textContent = '';
    this.verdict.hidden = true;
    this.result.classList.remove('is-not-digit');
    this.modelName.textContent = '';
    this.timing.textContent = '';
    this.seenFigure.hidden = true;
    this.seen.removeAttribute('src');
    this.status.textContent = '';
    this.placeholder.hidden = false;
    this.feedback?.hide();
  }

  showSeen(dataUrl) {
    if (typeof dataUrl === 'string' && dataUrl.startsWith('data:image/')) {
      this.seen.src = dataUrl;
      this.seenFigure.hidden = false;
    } else {
      this.seenFigure.hidden = true;
      this.seen.removeAttribute('src');
    }
  }

  showPrediction(prediction) {
    this.clearError();
    this.placeholder.hidden = true;
    this.compareResults.hidden = true;
    this.compareSummary.hidden = true;
    this.modelName.textContent = prediction.model;
    const digit = isDigit(prediction);
    this.result.classList.toggle('is-not-digit', !digit);
    this.digit.textContent = digit ? String(prediction.digit) : '?';
    this.confidence.textContent = digit ? formatPercent(prediction.confidence) : '';
    this.verdict.hidden = digit;
    this.bars.replaceChildren(
      ...probabilityBars(prediction.probabilities || [], `Probability of each digit, ${prediction.model}`).childNodes,
    );
    this.bars.setAttribute('aria-label', `Probability of each digit according to ${prediction.model}`);
    this.timing.textContent = timingText(prediction.timings);
    this.result.hidden = false;
    this.showSeen(prediction.input);
    this.feedback?.reset(prediction);
  }

  showComparison(comparison) {
    this.clearError();
    this.placeholder.hidden = true;
    this.result.hidden = true;
    const predictions = comparison.predictions || [];
    const cards = predictions.map((p) => {
      const card = el('article', 'compare-card');
      card.dataset.model = p.model;
      card.setAttribute('aria-label', `${p.model} answer`);
      const answer = el('p', 'answer');
      if (isDigit(p)) {
        answer.append(el('span', 'digit', String(p.digit)), el('span', 'confidence', formatPercent(p.confidence)));
      } else {
        card.classList.add('is-not-digit');
        answer.append(el('span', 'digit', '?'), el('span', 'verdict', NOT_A_DIGIT_MESSAGE));
      }
      card.append(el('h3', 'model-name', p.model), answer, probabilityBars(p.probabilities || [], `Probability of each digit according to ${p.model}`));
      return card;
    });
    this.compareResults.replaceChildren(...cards);
    this.compareResults.hidden = false;
    this.compareSummary.textContent = agreement(predictions) + timingSuffix(comparison.timings);
    this.compareSummary.hidden = false;
    this.showSeen(comparison.input);
    this.feedback?.reset(comparison);
  }

  announce(text) {
    // Emptying first makes screen readers repeat an identical sentence.
    this.status.textContent = '';
    this.status.textContent = text;
  }
}

function timingText(timings) {
  return timings && Number.isFinite(timings.totalMs) ? `Answered in ${Math.round(timings.totalMs)} ms.` : '';
}

function timingSuffix(timings) {
  const text = timingText(timings);
  return text ? ` ${text}` : '';
}

/** Fills the model information panel from GET /api/v1/models. */
export function renderModels(container, models) {
  container.setAttribute('aria-busy', 'false');
  if (!Array.isArray(models) || models.length === 0) {
    container.replaceChildren(el('p', 'muted', 'No models are loaded.'));
    return;
  }
  const cards = models.map((m) => {
    const card = el('article', 'model-card');
    card.dataset.model = m.name;
    const facts = el('dl', 'facts');
    const fact = (term, value) => facts.append(el('dt', '', term), el('dd', '', value));
    fact('Architecture', m.architecture || 'not stated');
    if (m.framework) fact('Framework', m.framework);
    fact('Parameters', formatCount(m.parameters));
    fact('Test accuracy', Number.isFinite(m.testAccuracy) ? formatPercent(m.testAccuracy, 2) : 'not measured');
    card.append(el('h3', 'model-name', m.name), facts);
    return card;
  });
  const list = el('div', 'model-list');
  list.append(...cards);
  container.replaceChildren(list);
}

export function renderModelsError(container, message, onRetry) {
  container.setAttribute('aria-busy', 'false');
  const text = el('p', 'models-error', `Could not load model information. ${message}`);
  const retry = el('button', 'secondary', 'Try again');
  retry.type = 'button';
  retry.id = 'models-retry';
  retry.addEventListener('click', onRetry);
  container.replaceChildren(text, retry);
}

/**
 * Replaces the select's options with `choice.options` and selects `choice.selected` (see modelOptions).
 * Returns true when the selected model changed. The select's disabled state is left alone.
 */
export function renderModelSelect(select, choice) {
  const before = select.value;
  const options = choice.options.map(({ value, label }) => {
    const option = el('option', '', label);
    option.value = value;
    option.selected = value === choice.selected;
    return option;
  });
  select.replaceChildren(...options);
  select.value = choice.selected;
  return select.value !== before;
}

export function renderModelsLoading(container) {
  container.setAttribute('aria-busy', 'true');
  container.replaceChildren(el('p', 'muted', 'Loading model information…'));
}

/** The Number mode's answer: the number, a box over the pad per digit, each digit's input and bars. */
export class NumberView {
  /** @param feedback the controls under a reading (NumberFeedback), or null */
  constructor(root = document, feedback = null) {
    const get = (id) => root.getElementById(id);
    this.feedback = feedback;
    this.result = get('number-result');
    this.number = get('number');
    this.confidence = get('number-confidence');
    this.verdict = get('number-verdict');
    this.model = get('number-model');
    this.digits = get('number-digits');
    this.bars = get('number-bars');
    this.boxes = get('number-boxes');
    this.error = get('number-error');
    this.busy = get('number-busy');
    this.status = get('number-status');
    this.reading = null;
  }

  setBusy(busy) {
    this.busy.hidden = !busy;
    if (busy) {
      this.feedback?.hide();
    }
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
  }

  clear() {
    this.reading = null;
    this.showError('');
    this.setBusy(false);
    this.result.hidden = true;
    this.number.textContent = '';
    this.confidence.textContent = '';
    this.verdict.hidden = true;
    this.model.textContent = '';
    this.digits.replaceChildren();
    this.bars.replaceChildren();
    this.boxes.replaceChildren();
    this.status.textContent = '';
    this.feedback?.hide();
  }

  /** @param reading one model's answer from /api/v1/number; width, height: the pad's bitmap */
  show(reading, width, height) {
    this.showError('');
    this.reading = reading;
    const digits = reading.digits || [];
    this.model.textContent = reading.model;
    this.number.textContent = String(reading.number);
    this.confidence.textContent = formatPercent(reading.confidence);
    this.verdict.hidden = reading.verdict !== 'not-a-number';
    this.boxes.replaceChildren(
      ...digits.map((digit, index) => {
        const box = el('div', 'digit-box');
        box.dataset.index = String(index);
        const place = boxPercent(digit.box, width, height);
        Object.assign(box.style, place);
        box.append(el('span', 'digit-box-label', isDigit(digit) ? String(digit.digit) : '?'));
        box.setAttribute('aria-hidden', 'true');
        return box;
      }),
    );
    this.digits.replaceChildren(
      ...digits.map((digit, index) => {
        const item = el('li');
        const button = el('button', 'number-digit');
        button.type = 'button';
        button.dataset.index = String(index);
        button.setAttribute('aria-label', digitLabel(digit, index, digits.length));
        button.setAttribute('aria-pressed', 'false');
        const image = el('img', 'number-digit-input');
        image.alt = '';
        image.width = 56;
        image.height = 56;
        if (typeof digit.input === 'string' && digit.input.startsWith('data:image/')) image.src = digit.input;
        button.append(image, el('span', 'number-digit-value', isDigit(digit) ? String(digit.digit) : '?'));
        button.addEventListener('click', () => this.select(index));
        item.append(button);
        return item;
      }),
    );
    this.result.hidden = false;
    this.select(0);
    this.feedback?.reset(reading);
  }

  /** Shows the bars of one digit and marks its button and its box. */
  select(index) {
    const digit = this.reading && (this.reading.digits || [])[index];
    if (!digit) {
      this.bars.replaceChildren();
      return;
    }
    this.digits.querySelectorAll('.number-digit').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.index === String(index))));
    this.boxes.querySelectorAll('.digit-box').forEach((b) => b.classList.toggle('is-selected', b.dataset.index === String(index)));
    const label = `Probability of each digit for digit ${index + 1}`;
    this.bars.replaceChildren(...probabilityBars(digit.probabilities || [], label).childNodes);
    this.bars.setAttribute('aria-label', label);
  }

  announce(text) {
    this.status.textContent = '';
    this.status.textContent = text;
  }
}
