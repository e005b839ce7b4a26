import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_MODEL } from '../js/api.js';
import { modelDescription, modelLabel, modelOptions } from '../js/models.js';

// Shaped like models/*/card.json, as GET /api/v1/models returns them.
const CNN = {
  name: 'cnn',
  architecture: 'Reshape 1x28x28, Conv 32 3x3, BatchNorm, ReLU, Conv 64 3x3, BatchNorm, ReLU, MaxPool 2x2, Dense 10, softmax',
  framework: 'DJL 0.35.1 on PyTorch 2.7.1',
  parameters: 1200330,
  testAccuracy: 0.9955,
};
const MLP = {
  name: 'mlp',
  architecture: 'Dense 512, ReLU, Dropout 0.2, Dense 512, ReLU, Dropout 0.2, Dense 10, softmax',
  framework: 'DJL 0.35.1 on PyTorch 2.7.1',
  parameters: 669706,
  testAccuracy: 0.9918,
};
const SCRATCH = {
  name: 'scratch',
  architecture: 'Dense 784-512-10, ReLU hidden layers, softmax output',
  framework: 'plain Java (no ML library): hand-written forward pass, backpropagation and Adam',
  parameters: 407050,
  testAccuracy: 0.9921,
};

const values = (choice) => choice.options.map((o) => o.value);

describe('model labels', () => {
  it('names the kind of network and the library it runs on', () => {
    assert.equal(modelLabel(CNN), 'cnn · convolutional · DJL');
    assert.equal(modelLabel(MLP), 'mlp · perceptron · DJL');
  });

  it('says plain Java for the model that uses no library', () => {
    assert.equal(modelLabel(SCRATCH), 'scratch · perceptron · plain Java');
  });

  it('is the bare name when the card describes nothing', () => {
    assert.equal(modelLabel({ name: 'tiny' }), 'tiny');
    assert.equal(modelDescription({ name: 'tiny', architecture: 'something new' }), '');
  });

  it('leaves out an unknown kind but keeps the framework', () => {
    assert.equal(modelLabel({ name: 'rnn', architecture: 'LSTM 128', framework: 'ONNX Runtime 1.20' }), 'rnn · ONNX Runtime');
  });
});

describe('model select options', () => {
  it('offers one option per served model, in the order of the answer', () => {
    const choice = modelOptions({ models: [SCRATCH, CNN, MLP] });
    assert.deepEqual(values(choice), ['scratch', 'cnn', 'mlp']);
    assert.deepEqual(choice.options[0], { value: 'scratch', label: 'scratch · perceptron · plain Java' });
  });

  it('offers only what is served', () => {
    assert.deepEqual(values(modelOptions({ models: [MLP] })), ['mlp']);
  });

  it('keeps the current choice when it is still offered', () => {
    assert.equal(modelOptions({ models: [CNN, MLP, SCRATCH] }, 'scratch').selected, 'scratch');
  });

  it('selects the default model when the current choice is no longer offered', () => {
    assert.equal(modelOptions({ models: [MLP, CNN] }, 'scratch').selected, DEFAULT_MODEL);
  });

  it('selects the default model when there is no current choice', () => {
    assert.equal(modelOptions({ models: [MLP, SCRATCH, CNN] }).selected, 'cnn');
  });

  it('selects the first model when the default is not offered', () => {
    assert.equal(modelOptions({ models: [SCRATCH, MLP] }, 'cnn').selected, 'scratch');
  });

  it('skips cards without a name and repeated names', () => {
    const choice = modelOptions({ models: [null, { architecture: 'Dense 10' }, { name: ' ' }, MLP, { ...MLP, name: 'mlp' }, CNN] });
    assert.deepEqual(values(choice), ['mlp', 'cnn']);
  });

  it('offers the default model alone before the answer arrives or when it failed', () => {
    const expected = { options: [{ value: DEFAULT_MODEL, label: DEFAULT_MODEL }], selected: DEFAULT_MODEL };
    assert.deepEqual(modelOptions(null), expected);
    assert.deepEqual(modelOptions(null, 'mlp'), expected);
  });

  it('offers the default model alone when the answer lists no model', () => {
    assert.deepEqual(values(modelOptions({ models: [] })), [DEFAULT_MODEL]);
    assert.deepEqual(values(modelOptions({ models: 'cnn' })), [DEFAULT_MODEL]);
    assert.deepEqual(values(modelOptions({})), [DEFAULT_MODEL]);
  });

  it('uses the given fallback instead of the default model', () => {
    assert.equal(modelOptions({ models: [CNN, MLP] }, '', 'mlp').selected, 'mlp');
    assert.deepEqual(values(modelOptions(null, '', 'mlp')), ['mlp']);
  });
});
