package dev.digitrecognizer.mnist;

/** The MNIST files are missing, unreadable or not what their headers promise. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }
}
