package dev.digitrecognizer.gateway.prediction;

import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whether what was drawn is a digit at all, as the detector model judges it. */
@Schema(enumeration = {"digit", "not-a-digit"})
public enum Verdict {
    DIGIT("digit"),
    NOT_A_DIGIT("not-a-digit");

    private final String wire;

    Verdict(String wire) {
        this.wire = wire;
    }

    /** The detector's "not a digit" probability, the last of its outputs, against the threshold. */
    static Verdict of(float[] detector, double threshold) {
        return detector[detector.length - 1] > threshold ? NOT_A_DIGIT : DIGIT;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
