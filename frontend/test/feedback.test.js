import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildFeedbackRequest, createApi } from '../js/api.js';
import {
  MAX_NUMBER_DIGITS,
  NOT_A_DIGIT_LABEL,
  acceptsFeedback,
  choiceLabel,
  confirmedLabel,
  confirmedNumber,
  feedbackReply,
  numberCorrection,
  retryAfterSeconds,
  thanksMessage,
} from '../js/feedback.js';

const ID = 'v1.eyJ0Ijo.c2ln';

const seven = (model = 'cnn') => ({ model, digit: 7, verdict: 'digit', confidence: 0.99 });
const mark = (model = 'cnn') => ({ model, digit: 8, verdict: 'not-a-digit', confidence: 0.91 });

describe('which answers take feedback', () => {
  it('takes feedback on an answer with an id', () => {
    assert.equal(acceptsFeedback({ ...seven(), id: ID }), true);
  });

  it('offers none for an answer without an id, as from a gateway without feedback', () => {
    assert.equal(acceptsFeedback(seven()), false);
    assert.equal(acceptsFeedback({ ...seven(), id: '  ' }), false);
    assert.equal(acceptsFeedback({ ...seven(), id: 42 }), false);
    assert.equal(acceptsFeedback(null), false);
  });
});

describe('the label ✓ sends', () => {
  it("is the answer's own digit, as a string", () => {
    assert.equal(confirmedLabel(seven()), '7');
    assert.equal(confirmedLabel({ model: 'cnn', digit: 0, confidence: 0.9 }), '0');
  });

  it('is not-a-digit when that was the verdict, whatever digit came first', () => {
    assert.equal(confirmedLabel(mark()), NOT_A_DIGIT_LABEL);
  });

  it('is the digit every model of a comparison agrees on', () => {
    assert.equal(confirmedLabel({ predictions: [seven('cnn'), seven('mlp'), seven('scratch')] }), '7');
  });

  it('is not-a-digit when every model of a comparison says so', () => {
    assert.equal(confirmedLabel({ predictions: [mark('cnn'), mark('mlp')] }), NOT_A_DIGIT_LABEL);
  });

  it('is none when the models disagree, so the page asks which digit it is instead', () => {
    assert.equal(confirmedLabel({ predictions: [seven('cnn'), { ...seven('mlp'), digit: 1 }] }), null);
    assert.equal(confirmedLabel({ predictions: [seven('cnn'), mark('mlp')] }), null);
    assert.equal(confirmedLabel({ predictions: [] }), null);
  });

  it('is none for an answer with no digit to confirm', () => {
    assert.equal(confirmedLabel({ model: 'cnn' }), null);
    assert.equal(confirmedLabel(null), null);
  });
});

describe('the label a choice of the picker sends', () => {
  it('is the digit chosen, as a string', () => {
    assert.equal(choiceLabel('7'), '7');
    assert.equal(choiceLabel(0), '0');
  });

  it('is not-a-digit for "Not a digit"', () => {
    assert.equal(choiceLabel('not-a-digit'), 'not-a-digit');
  });

  it('is none for anything that is not one of the eleven choices', () => {
    for (const choice of ['10', 10, -1, '', ' 7', '7.0', 'x', null, undefined, 2.5]) {
      assert.equal(choiceLabel(choice), null, String(choice));
    }
  });
});

describe('the thank-you', () => {
  it('names the label noted', () => {
    assert.equal(thanksMessage('7'), 'Thanks — noted as 7.');
    assert.equal(thanksMessage('2025'), 'Thanks — noted as 2025.');
  });

  it('says "not a digit" in words', () => {
    assert.equal(thanksMessage(NOT_A_DIGIT_LABEL), 'Thanks — noted as not a digit.');
  });
});

describe('a number: the label ✓ sends and a correction', () => {
  it('confirms the number read, leading zeros kept', () => {
    assert.equal(confirmedNumber({ number: '0170', verdict: 'number' }), '0170');
  });

  it('confirms nothing when a mark was not a digit', () => {
    assert.equal(confirmedNumber({ number: '2?5', verdict: 'not-a-number' }), null);
    assert.equal(confirmedNumber({ number: '' }), null);
    assert.equal(confirmedNumber(null), null);
  });

  it('takes a corrected number as typed, leading zeros kept', () => {
    assert.deepEqual(numberCorrection('2026'), { label: '2026' });
    assert.deepEqual(numberCorrection('007'), { label: '007' });
  });

  it('drops spaces around and between the digits', () => {
    assert.deepEqual(numberCorrection(' 20 25 '), { label: '2025' });
  });

  it('may have more or fewer digits than were read', () => {
    assert.deepEqual(numberCorrection('1'), { label: '1' });
    assert.deepEqual(numberCorrection('9'.repeat(MAX_NUMBER_DIGITS)), { label: '9'.repeat(MAX_NUMBER_DIGITS) });
  });

  it('asks for a number when the field is empty', () => {
    assert.match(numberCorrection('   ').error, /Type the number you drew/);
    assert.match(numberCorrection(undefined).error, /Type the number you drew/);
  });

  it('asks to replace the question marks of marks that were not digits', () => {
    assert.equal(numberCorrection('2?25').error, 'Replace each ? with the digit you drew there.');
  });

  it('refuses anything but the digits 0 to 9', () => {
    for (const typed of ['20a5', '-12', '1.5', '1,000', '٣', '２']) {
      assert.equal(numberCorrection(typed).error, 'Use only the digits 0 to 9.', typed);
    }
  });

  it('refuses a number longer than the gateway reads', () => {
    assert.equal(numberCorrection('1'.repeat(MAX_NUMBER_DIGITS + 1)).error, `A number can have at most ${MAX_NUMBER_DIGITS} digits.`);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    assert.equal(retryAfterSeconds('5'), 5);
  });

  it('reads an HTTP date as the seconds until then', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(retryAfterSeconds('Wed, 21 Oct 2015 07:28:30 GMT', now), 30);
    assert.equal(retryAfterSeconds('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
  });

  it('is unknown when absent or unreadable', () => {
    assert.equal(retryAfterSeconds(null), null);
    assert.equal(retryAfterSeconds(''), null);
    assert.equal(retryAfterSeconds('soon'), null);
  });
});

describe('the words for a reply', () => {
  const problem = (status, slug, detail) => ({
    type: `urn:digit-recognizer:problem:${slug}`,
    title: slug,
    status,
    detail,
  });

  it('thanks for a 201 with the label the gateway noted', () => {
    const reply = feedbackReply({ status: 201, body: { label: '7', models: { cnn: 'wrong' } } }, '7');
    assert.deepEqual(reply, { saved: true, final: true, label: '7', message: 'Thanks — noted as 7.' });
  });

  it('thanks with the label sent when the 201 has no body', () => {
    assert.equal(feedbackReply({ status: 201, body: null }, 'not-a-digit').message, 'Thanks — noted as not a digit.');
  });

  it('says kindly that feedback was already given (409), and takes no more', () => {
    const reply = feedbackReply({ status: 409, body: problem(409, 'feedback-exists', 'This answer already has its feedback.') }, '7');
    assert.equal(reply.saved, false);
    assert.equal(reply.final, true);
    assert.equal(reply.message, 'Feedback on this answer was already given. Thank you!');
  });

  it('asks to try again after the Retry-After of a 503, keeping the controls', () => {
    const body = problem(503, 'feedback-unavailable', 'The feedback database cannot be reached.');
    const reply = feedbackReply({ status: 503, body, retryAfter: '5' }, '7');
    assert.equal(reply.final, false);
    assert.equal(reply.message, "Feedback can't be saved right now. Try again in 5 seconds.");
  });

  it('says "in a moment" for a 503 without a Retry-After, and minutes for a long one', () => {
    assert.match(feedbackReply({ status: 503, body: null, retryAfter: null }, '7').message, /Try again in a moment\.$/);
    assert.match(feedbackReply({ status: 503, body: null, retryAfter: '120' }, '7').message, /Try again in 2 minutes\.$/);
  });

  it('asks to try again when the network failed or a proxy got no answer', () => {
    for (const status of [0, 502, 504]) {
      const reply = feedbackReply({ status, body: null }, '7');
      assert.equal(reply.final, false, String(status));
      assert.equal(reply.message, 'Your feedback could not be sent: the server did not answer. Try again in a moment.');
    }
  });

  it('says an old answer is too old (410), and takes no more', () => {
    const reply = feedbackReply({ status: 410, body: problem(410, 'answer-expired', 'This answer is older than 7 days.') }, '7');
    assert.equal(reply.final, true);
    assert.match(reply.message, /too old for feedback/);
  });

  it('says in its own words that a refused correction can be sent again (422), keeping the controls', () => {
    const body = problem(422, 'invalid-label', 'label must be a digit from 0 to 9, or "not-a-digit".');
    const reply = feedbackReply({ status: 422, body }, '12');
    assert.equal(reply.final, false);
    assert.equal(reply.message, "That correction can't be taken. Check it and send it again.");
  });

  it('says an answer the gateway no longer knows (400, as after a restart) takes no feedback, in its own words', () => {
    const body = problem(400, 'invalid-answer-id', 'This id is not one of this service\'s answers; send the "id" of an answer as it came.');
    const reply = feedbackReply({ status: 400, body }, '7');
    assert.equal(reply.final, true);
    assert.equal(reply.message, 'This answer can no longer take feedback. Draw again to give feedback on a new answer.');
  });

  it("shows the detail of a problem it has no words of its own for", () => {
    const body = problem(413, 'too-large', 'The request is larger than 64 KiB.');
    assert.deepEqual(feedbackReply({ status: 413, body }, '7'), { saved: false, final: true, message: 'The request is larger than 64 KiB.' });
    const failed = feedbackReply({ status: 500, body: problem(500, 'internal', 'The feedback could not be stored.') }, '7');
    assert.deepEqual(failed, { saved: false, final: false, message: 'The feedback could not be stored. Try again in a moment.' });
  });

  it('says feedback is not available where no feedback API answers', () => {
    assert.equal(feedbackReply({ status: 404, body: null }, '7').message, "Feedback isn't available on this server.");
    assert.equal(feedbackReply({ status: 405, body: null }, '7').final, true);
  });

  it('never shows a body that is not a problem with words, JSON or HTML', () => {
    const untitled = (detail) => ({ type: 'urn:digit-recognizer:problem:x', status: 500, detail });
    const notProblems = ['<html><h1>Oops</h1></html>', ['detail'], { detail: 'from a proxy' }, untitled({ nested: true }), untitled('  ')];
    for (const body of notProblems) {
      const { message } = feedbackReply({ status: 500, body }, '7');
      assert.equal(message, 'Something went wrong (HTTP 500). Try again in a moment.', JSON.stringify(body));
    }
    assert.equal(feedbackReply({ status: 418, body: '{"a":1}' }, '7').message, 'Your feedback could not be taken (HTTP 418).');
  });
});

describe('the feedback request', () => {
  it("posts JSON with the answer's id and the label to api/v1/feedback", () => {
    const { url, init } = buildFeedbackRequest(ID, '7');
    assert.equal(url, 'api/v1/feedback');
    assert.equal(init.method, 'POST');
    assert.equal(init.headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(init.body), { id: ID, label: '7' });
  });

  it('gives back the status, the parsed body and the Retry-After, also for a problem', async () => {
    const fetch = async () =>
      new Response(JSON.stringify({ status: 503, detail: 'down' }), {
        status: 503,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' },
      });
    assert.deepEqual(await createApi(fetch).feedback(ID, '7'), { status: 503, body: { status: 503, detail: 'down' }, retryAfter: '5' });
  });

  it('gives back status 0 when the network failed', async () => {
    const fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    assert.deepEqual(await createApi(fetch).feedback(ID, '7'), { status: 0, body: null, retryAfter: null });
  });

  it('lets an aborted request reject with the AbortError itself', async () => {
    const fetch = async () => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    };
    await assert.rejects(createApi(fetch).feedback(ID, '7'), { name: 'AbortError' });
  });
});
