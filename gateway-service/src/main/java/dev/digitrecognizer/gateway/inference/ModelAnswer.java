package dev.digitrecognizer.gateway.inference;

/** A model's outputs for each row of a request, and the version of the model that answered. */
public record ModelAnswer(float[][] rows, String version) {}
