// The feedback controls under an answer (DOM): "Right?" with ✓ and ✗, then a way to give the right
// answer, then a thank-you or a problem in words. The labels and words come from feedback.js.

import { acceptsFeedback, choiceLabel, confirmedLabel, confirmedNumber, feedbackReply, numberCorrection } from './feedback.js';

const SENDING = 'Sending…';

/**
 * What the digit and the number controls share: the ✓/✗ question, the status line, and sending one
 * label for the answer shown. A reply that arrives after the answer changed is dropped.
 */
class FeedbackControls {
  /**
   * @param root document (or anything with getElementById)
   * @param prefix the ids' prefix: "feedback" or "number-feedback"
   * @param send (id, label) => Promise of {status, body, retryAfter}, as api.feedback
   */
  constructor(root, prefix, send) {
    const get = (name) => root.getElementById(`${prefix}-${name}`);
    this.section = root.getElementById(prefix);
    this.ask = get('ask');
    this.yes = get('yes');
    this.no = get('no');
    this.status = get('status');
    this.send = send;
    this.answer = null;
    this.confirmed = null;
    this.generation = 0;
    this.sending = false;
    this.yes.addEventListener('click', () => {
      if (this.confirmed !== null) this.submit(this.confirmed);
    });
    this.no.addEventListener('click', () => this.setCorrecting(this.no.getAttribute('aria-expanded') !== 'true', true));
  }

  /** Offers feedback on this answer, or hides the controls when it takes none (no id). */
  reset(answer) {
    this.generation++;
    this.sending = false;
    this.answer = acceptsFeedback(answer) ? answer : null;
    this.confirmed = null;
    this.showStatus('');
    this.section.hidden = this.answer === null;
    if (this.answer === null) {
      return;
    }
    this.confirmed = this.confirmedLabel(this.answer);
    // With nothing for ✓ to confirm (models that disagree, a mark that is not a digit), ask for the answer at once.
    this.ask.hidden = this.confirmed === null;
    this.prepare(this.answer, this.confirmed !== null);
    this.setCorrecting(this.confirmed === null, false);
  }

  hide() {
    this.reset(null);
  }

  /** Shows or hides the way to give the right answer; `focus` moves the focus into it. */
  setCorrecting(open, focus) {
    this.no.setAttribute('aria-expanded', String(open));
    this.correction().hidden = !open;
    if (open && focus) {
      this.focusCorrection();
    }
  }

  async submit(label) {
    if (this.sending || this.answer === null || label === null) {
      return;
    }
    this.sending = true;
    const generation = this.generation;
    this.showStatus(SENDING);
    let reply;
    try {
      reply = await this.send(this.answer.id, label);
    } catch {
      reply = { status: 0, body: null, retryAfter: null };
    }
    if (generation !== this.generation) {
      return; // the answer changed while this was on its way
    }
    this.sending = false;
    const result = feedbackReply(reply, label);
    if (result.final) {
      this.ask.hidden = true;
      this.correction().hidden = true;
    }
    this.showStatus(result.message, !result.saved);
    if (result.final) {
      this.status.focus();
    }
  }

  showStatus(message, problem = false) {
    // Emptying first makes screen readers repeat an identical sentence.
    this.status.textContent = '';
    this.status.textContent = message;
    this.status.classList.toggle('is-problem', Boolean(message) && problem);
    this.status.classList.toggle('is-done', Boolean(message) && message !== SENDING && !problem);
  }
}

/** Digit mode: ✗ opens a picker of 0–9 and "Not a digit"; picking one sends it. */
export class DigitFeedback extends FeedbackControls {
  constructor(root, send) {
    super(root, 'feedback', send);
    this.picker = root.getElementById('feedback-picker');
    this.pickerLabel = root.getElementById('feedback-picker-label');
    this.choices = [...this.picker.querySelectorAll('.feedback-choice')];
    for (const choice of this.choices) {
      choice.addEventListener('click', () => this.submit(choiceLabel(choice.dataset.label)));
    }
  }

  confirmedLabel(answer) {
    return confirmedLabel(answer);
  }

  prepare(answer, confirmable) {
    this.pickerLabel.textContent = confirmable ? 'What did you draw?' : 'The models disagree. What did you draw?';
  }

  correction() {
    return this.picker;
  }

  focusCorrection() {
    this.choices[0].focus();
  }
}

/** Number mode: ✗ opens a field holding the number read, to correct digit by digit, and Send. */
export class NumberFeedback extends FeedbackControls {
  constructor(root, send) {
    super(root, 'number-feedback', send);
    this.form = root.getElementById('number-feedback-form');
    this.label = root.getElementById('number-correction-label');
    this.input = root.getElementById('number-correction');
    this.error = root.getElementById('number-correction-error');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendCorrection();
    });
    this.input.addEventListener('input', () => this.showError(''));
  }

  confirmedLabel(reading) {
    return confirmedNumber(reading);
  }

  prepare(reading, confirmable) {
    this.label.textContent = confirmable ? 'What number did you draw?' : "Some marks aren't digits. What number did you draw?";
    this.input.value = String(reading.number ?? '');
    this.showError('');
  }

  correction() {
    return this.form;
  }

  focusCorrection() {
    this.input.focus();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  sendCorrection() {
    const checked = numberCorrection(this.input.value);
    if (checked.error) {
      this.showError(checked.error);
      this.input.focus();
      return;
    }
    this.submit(checked.label);
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    if (message) {
      this.input.setAttribute('aria-invalid', 'true');
    } else {
      this.input.removeAttribute('aria-invalid');
    }
  }
}
