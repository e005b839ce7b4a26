package dev.digitrecognizer.inference.oip;

/** A request the protocol answers with {@code {"error": message}} and a status code. */
public class OipException extends RuntimeException {
    private final int status;

    public OipException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static OipException badRequest(String message) {
        return new OipException(400, message);
    }
}
