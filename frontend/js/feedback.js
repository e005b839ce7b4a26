// Feedback on an answer: the label sent to POST api/v1/feedback, the check of a corrected number,
// and the words shown for each reply. Pure functions, no DOM, so node can test them.

/** The label of a drawing that is not a digit at all. */
export const NOT_A_DIGIT_LABEL = 'not-a-digit';

/** The most digits a corrected number may have: the gateway reads at most 32 marks by default. */
export const MAX_NUMBER_DIGITS = 32;

const DIGIT = /^[0-9]$/;
const DIGITS = /^[0-9]+$/;

/** Whether feedback can be given on this answer: the gateway gave it an id. */
export function acceptsFeedback(answer) {
  return Boolean(answer) && typeof answer.id === 'string' && answer.id.trim() !== '';
}

/** The label one answer of one model stands for: its digit, or not-a-digit. */
function ownLabel(prediction) {
  if (prediction.verdict === 'not-a-digit') {
    return NOT_A_DIGIT_LABEL;
  }
  return choiceLabel(prediction.digit);
}

/**
 * The label ✓ sends: the answer's own digit, or not-a-digit when that was the verdict. For a
 * comparison, the label every model agrees on; null when they disagree (✓ would not say which).
 */
export function confirmedLabel(answer) {
  if (!answer) {
    return null;
  }
  if (Array.isArray(answer.predictions)) {
    const labels = new Set(answer.predictions.map(ownLabel));
    return labels.size === 1 && !labels.has(null) ? [...labels][0] : null;
  }
  return ownLabel(answer);
}

/** The label for a choice of the picker: "0".."9" (or the number), or not-a-digit; null for anything else. */
export function choiceLabel(choice) {
  if (choice === NOT_A_DIGIT_LABEL) {
    return NOT_A_DIGIT_LABEL;
  }
  const text = typeof choice === 'number' ? String(choice) : choice;
  return typeof text === 'string' && DIGIT.test(text) ? text : null;
}

/** A label in words: "7", or "not a digit". */
export function labelText(label) {
  return label === NOT_A_DIGIT_LABEL ? 'not a digit' : String(label);
}

/** The thank-you that replaces the controls: "Thanks — noted as 7." */
export function thanksMessage(label) {
  return `Thanks — noted as ${labelText(label)}.`;
}

/** The label ✓ sends for a number: the number read, or null when a mark was not a digit ("2?5"). */
export function confirmedNumber(reading) {
  const number = reading ? String(reading.number ?? '') : '';
  return DIGITS.test(number) ? number : null;
}

/**
 * Checks a corrected number as typed: spaces are dropped ("20 25" is 2025), leading zeros kept.
 * @returns {{label: string}} or {{error: string}}, a sentence that says what to change
 */
export function numberCorrection(text) {
  const typed = String(text ?? '').replace(/\s+/g, '');
  if (typed === '') {
    return { error: 'Type the number you drew, with the digits 0 to 9.' };
  }
  if (typed.includes('?')) {
    return { error: 'Replace each ? with the digit you drew there.' };
  }
  if (!DIGITS.test(typed)) {
    return { error: 'Use only the digits 0 to 9.' };
  }
  if (typed.length > MAX_NUMBER_DIGITS) {
    return { error: `A number can have at most ${MAX_NUMBER_DIGITS} digits.` };
  }
  return { label: typed };
}

/**
 * Seconds to wait from a Retry-After header: delay-seconds or an HTTP date; null when absent or unreadable.
 * @param now milliseconds since the epoch, for a date
 */
export function retryAfterSeconds(header, now = Date.now()) {
  if (typeof header !== 'string' || header.trim() === '') {
    return null;
  }
  const text = header.trim();
  if (/^[0-9]+$/.test(text)) {
    return Number(text);
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** "in 5 seconds", "in 2 minutes", or "in a moment" when the wait is unknown. */
function inWhile(seconds) {
  if (seconds === null || seconds <= 1) {
    return 'in a moment';
  }
  if (seconds < 90) {
    return `in ${seconds} seconds`;
  }
  return `in ${Math.ceil(seconds / 60)} minutes`;
}

const UNREACHABLE = 'Your feedback could not be sent: the server did not answer.';
const PROBLEM = 'urn:digit-recognizer:problem:';

/**
 * What to show for the reply to a feedback request, and whether the controls stay. The gateway's
 * details are written for whoever calls the API ("send the id of an answer as it came"): for the
 * problems the page knows, it says in its own words what the person can do.
 * @param reply {status, body, retryAfter}: status 0 when the network failed, body the parsed JSON or null
 * @param sent the label that was sent
 * @returns {{saved: boolean, label?: string, final: boolean, message: string}}: final when this
 *   answer can take no more feedback (the controls go); otherwise the controls stay for another try
 */
export function feedbackReply(reply, sent, now = Date.now()) {
  const { status, body } = reply;
  if (status >= 200 && status < 300) {
    const label = body && typeof body === 'object' && body.label !== undefined ? String(body.label) : String(sent);
    return { saved: true, final: true, label, message: thanksMessage(label) };
  }
  const failed = (final, message) => ({ saved: false, final, message });
  switch (status) {
    case 0:
    case 502:
    case 504:
      return failed(false, `${UNREACHABLE} Try again in a moment.`);
    case 503:
    case 429:
      return failed(false, `Feedback can't be saved right now. Try again ${inWhile(retryAfterSeconds(reply.retryAfter, now))}.`);
    case 409:
      return failed(true, 'Feedback on this answer was already given. Thank you!');
    case 410:
      return failed(true, 'This answer is too old for feedback. Draw again to give feedback on a new answer.');
    case 400:
      // invalid-answer-id: signed by another replica or before a restart, or damaged on the way
      return failed(true, 'This answer can no longer take feedback. Draw again to give feedback on a new answer.');
    case 422:
      return failed(false, "That correction can't be taken. Check it and send it again.");
    case 404:
    case 405:
    case 501:
      return failed(true, "Feedback isn't available on this server.");
    default: {
      const detail = problemType(body) ? problemWords(body) : '';
      if (status >= 500) {
        return failed(false, `${detail || `Something went wrong (HTTP ${status}).`} Try again in a moment.`);
      }
      return failed(true, detail || `Your feedback could not be taken (HTTP ${status}).`);
    }
  }
}

/** The problem's kind ("answer-expired"), or '' for a body that is not one of the gateway's problems. */
function problemType(body) {
  const type = body && typeof body === 'object' ? body.type : undefined;
  return typeof type === 'string' && type.startsWith(PROBLEM) ? type.slice(PROBLEM.length) : '';
}

/** The problem's detail, else its title; never the body itself, which may be JSON or HTML. */
function problemWords(body) {
  if (!body || typeof body !== 'object') {
    return '';
  }
  for (const value of [body.detail, body.title]) {
    if (typeof value === 'string' && value.trim() !== '') {
      return value.trim();
    }
  }
  return '';
}
