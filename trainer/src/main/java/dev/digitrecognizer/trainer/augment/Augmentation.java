package dev.digitrecognizer.trainer.augment;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The ways a training image is varied to look like a digit someone drew. */
public enum Augmentation {
    /** Up to 2 px in each direction: residual centring error after the gateway's preprocessing. */
    SHIFT,
    /** Up to 15 degrees either way. */
    ROTATE,
    /** 0.85 to 1.15, slightly differently per axis. */
    SCALE,
    /** Thinner or bolder strokes, by blending with a grey-scale erosion or dilation. */
    THICKNESS,
    /** Simard-style elastic distortion (sigma 4, alpha 34), on half of the images. */
    ELASTIC,
    /**
     * Redrawn along its skeleton with a round pen 5 to 22% of the digit's height wide, as a 12 to
     * 22 px brush draws a 100 to 240 px digit, on half of the images; these keep their pen's width.
     */
    STROKE,
    /**
     * On a third of the images: scanned at 8 to 16 px and enlarged again, blurred or blocky and
     * sometimes bolder, then framed as the gateway frames it.
     */
    LOWRES;

    /** Parses a comma-separated list, {@code all} or {@code none}. */
    public static Set<Augmentation> parse(String list) {
        String value = list.trim().toLowerCase(Locale.ROOT);
        if (value.equals("all")) {
            return EnumSet.allOf(Augmentation.class);
        }
        Set<Augmentation> result = EnumSet.noneOf(Augmentation.class);
        if (value.equals("none")) {
            return result;
        }
        for (String name : value.split(",")) {
            try {
                result.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown augmentation '" + name.trim()
                                + "' (expected all, none or a list of shift, rotate, scale, thickness, elastic, stroke, lowres)");
            }
        }
        return result;
    }
}
