package dev.digitrecognizer.gateway.feedback;

import java.time.Instant;
import java.util.List;

/**
 * What one answer said, as its signed id carries it: each drawing the models saw, and each model's
 * reading of it. Feedback on the answer is checked against this and stored with it.
 *
 * @param kind   a single digit ({@code /predict}, {@code /compare}) or a number's digits ({@code /number})
 * @param at     when it was answered
 * @param nonce  makes two answers to the same drawing two ids
 * @param models   the models asked, in the order of each mark's {@link Mark#guesses}
 * @param detector the model whose verdict each mark carries
 * @param marks    the drawings, left to right for a number
 */
public record Answered(
        Kind kind, Instant at, long nonce, List<ModelVersion> models, ModelVersion detector, List<Mark> marks) {

    public enum Kind {
        DIGIT,
        NUMBER
    }

    /** A model by name and the version of it that answered; the version is empty when unknown. */
    public record ModelVersion(String name, String version) {}

    /**
     * One drawing: its 28x28 input as bytes (0 = background, 255 = ink), whether the detector took it
     * for a digit, and each model's digit and probabilities.
     */
    public record Mark(byte[] pixels, boolean digit, List<Guess> guesses) {}

    public record Guess(int digit, float[] probabilities) {}

    /** What the answer read: the digit, or the number's digits with "?" for a mark that is not a digit. */
    public String read(int model) {
        StringBuilder read = new StringBuilder();
        for (Mark mark : marks) {
            read.append(
                    mark.digit() ? Character.forDigit(mark.guesses().get(model).digit(), 10) : '?');
        }
        return read.toString();
    }
}
