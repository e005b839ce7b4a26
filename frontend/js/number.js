// The Number mode's words and geometry: pure functions, no DOM, so node can test them.

import { formatPercent, isDigit } from './format.js';

/**
 * A digit's box from /api/v1/number (bitmap pixels of the pad) as percentages of the pad, so the
 * box drawn over the pad stays on its digit at whatever size the pad is shown.
 */
export function boxPercent(box, width, height) {
  const pct = (value, of) => `${((100 * value) / of).toFixed(2)}%`;
  return { left: pct(box.x, width), top: pct(box.y, height), width: pct(box.width, width), height: pct(box.height, height) };
}

/** The sentence read out by screen readers: "cnn reads 2025 (4 digits) with 97.0% confidence". */
export function numberAnnouncement(reading) {
  const digits = reading.digits || [];
  const count = digits.length === 1 ? '1 digit' : `${digits.length} digits`;
  const read = `${reading.model} reads ${spelled(reading.number)} (${count}) with ${formatPercent(reading.confidence)} confidence`;
  return reading.verdict === 'not-a-number' ? `${read}; some marks are not digits` : read;
}

/** "2025" spoken digit by digit as well, since a reader says "two thousand twenty-five" for 2025 and drops leading zeros. */
function spelled(number) {
  const text = String(number);
  return text.length > 1 ? `${text}, digits ${text.split('').join(' ')}` : text;
}

/** The label of one digit's button: "Digit 2 of 4: 0, 99.1% confident". */
export function digitLabel(digit, index, count) {
  if (!isDigit(digit)) {
    return `Digit ${index + 1} of ${count}: not a digit`;
  }
  return `Digit ${index + 1} of ${count}: ${digit.digit}, ${formatPercent(digit.confidence)} confident`;
}
