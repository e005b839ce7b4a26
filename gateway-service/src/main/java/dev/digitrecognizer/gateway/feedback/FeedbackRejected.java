package dev.digitrecognizer.gateway.feedback;

/** Feedback that is not taken, and why, in words for the person who sent it. */
public class FeedbackRejected extends RuntimeException {

    public enum Reason {
        /** Not a JSON object with an id and a label. */
        INVALID_FEEDBACK,
        /** A label that is no answer to this kind of question. */
        INVALID_LABEL,
        /** An id that is not one of ours: damaged, forged, or signed with another key. */
        INVALID_ANSWER_ID,
        /** An answer older than the feedback window. */
        ANSWER_EXPIRED,
        /** The answer already has its feedback. */
        FEEDBACK_EXISTS,
        /** The request body is over the feedback limit. */
        TOO_LARGE,
        /** The database cannot be reached. */
        UNAVAILABLE
    }

    private final Reason reason;

    public FeedbackRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
