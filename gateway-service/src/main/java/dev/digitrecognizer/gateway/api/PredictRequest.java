package dev.digitrecognizer.gateway.api;

/**
 * @param image a {@code data:image/png;base64,...} URL or bare base64 of a PNG or JPEG
 * @param model cnn, mlp, scratch or all; cnn when absent
 */
public record PredictRequest(String image, String model) {}
