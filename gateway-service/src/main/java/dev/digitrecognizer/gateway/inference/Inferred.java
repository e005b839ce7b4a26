package dev.digitrecognizer.gateway.inference;

/** One infer call's answer: the outputs of its rows, row after row, and the model version that computed them. */
record Inferred(float[] values, String version) {}
