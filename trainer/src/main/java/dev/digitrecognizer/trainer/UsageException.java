package dev.digitrecognizer.trainer;

/** The command line asks for something the trainer cannot do. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
