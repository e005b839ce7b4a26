// Words and numbers shown to people: pure functions, no DOM.

/** 0.998 -> "99.8%" (one decimal, always). */
export function formatPercent(probability, decimals = 1) {
  const value = Number.isFinite(probability) ? probability : 0;
  return `${(value * 100).toFixed(decimals)}%`;
}

/** 1199882 -> "1,199,882". */
export function formatCount(count) {
  return Number.isFinite(count) ? Math.round(count).toLocaleString('en-US') : 'unknown';
}

/** Index of the largest probability; the first one wins a tie. -1 for an empty list. */
export function topIndex(probabilities) {
  let best = -1;
  for (let i = 0; i < probabilities.length; i++) {
    if (best === -1 || probabilities[i] > probabilities[best]) {
      best = i;
    }
  }
  return best;
}

/** What the page says of a drawing that is not a digit, instead of a confident wrong digit. */
export const NOT_A_DIGIT_MESSAGE = "That doesn't look like a digit.";

/** Whether the answer judges the drawing a digit at all (an answer without a verdict does). */
export function isDigit(prediction) {
  return prediction.verdict !== 'not-a-digit';
}

/** The sentence read out by screen readers: "cnn predicts 7 with 99.8% confidence". */
export function announcement(prediction) {
  if (!isDigit(prediction)) {
    return `${prediction.model}: ${NOT_A_DIGIT_MESSAGE}`;
  }
  return `${prediction.model} predicts ${prediction.digit} with ${formatPercent(prediction.confidence)} confidence`;
}

export function compareAnnouncement(predictions) {
  return `${predictions.map(announcement).join('; ')}. ${agreement(predictions)}`;
}

/** A short verdict on a comparison: do the models agree? */
export function agreement(predictions) {
  if (predictions.length === 0) {
    return 'No model answered.';
  }
  if (!predictions.some(isDigit)) {
    return NOT_A_DIGIT_MESSAGE;
  }
  const digits = new Set(predictions.map((p) => p.digit));
  if (digits.size === 1) {
    return predictions.length === 1 ? 'One model answered.' : `All ${predictions.length} models agree.`;
  }
  return 'The models disagree.';
}
