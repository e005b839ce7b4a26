package dev.digitrecognizer.preprocessing;

import java.util.List;

/**
 * What models are given for a drawing of a number: its digits, left to right, and what finding
 * and framing them cost.
 *
 * @param digits          at least one, left to right
 * @param decodeNanos     time spent decoding the image
 * @param segmentNanos    time spent reading its ink and finding the digits in it
 * @param preprocessNanos time spent framing each digit as MNIST
 */
public record NumberInput(List<DigitInput> digits, long decodeNanos, long segmentNanos, long preprocessNanos) {}
