package dev.digitrecognizer.preprocessing;

/** Where a digit's ink lies in the image as it was sent, in its pixels: left, top, width, height. */
public record DigitBox(int x, int y, int width, int height) {}
