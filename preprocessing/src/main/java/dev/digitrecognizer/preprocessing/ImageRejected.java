package dev.digitrecognizer.preprocessing;

/** An image that cannot be turned into a digit, with a reason and a sentence a person understands. */
public class ImageRejected extends RuntimeException {

    public enum Reason {
        NOT_AN_IMAGE,
        UNSUPPORTED_FORMAT,
        CORRUPT,
        TOO_LARGE,
        TOO_MANY_PIXELS,
        BAD_ASPECT_RATIO,
        EMPTY,
        TOO_MANY_DIGITS,
        DIGITS_TOUCH
    }

    private final Reason reason;

    public ImageRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** An image of more than {@code maxBytes} bytes, refused before it is looked at. */
    static ImageRejected tooLarge(long maxBytes) {
        return new ImageRejected(Reason.TOO_LARGE, "The image is larger than " + maxBytes + " bytes.");
    }

    public Reason reason() {
        return reason;
    }
}
