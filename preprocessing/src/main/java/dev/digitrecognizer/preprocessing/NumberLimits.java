package dev.digitrecognizer.preprocessing;

/**
 * What a drawing of a number may hold.
 *
 * @param maxDigits          the most digits a number may have; more is refused
 * @param minComponentShare  a separate mark with less ink than this share of the largest mark's is
 *                           noise (a speck, a stray touch of the pen) and is dropped
 */
public record NumberLimits(int maxDigits, double minComponentShare) {
    public static final int DEFAULT_MAX_DIGITS = 32;
    public static final double DEFAULT_MIN_COMPONENT_SHARE = 0.03;
    public static final NumberLimits DEFAULTS = new NumberLimits(DEFAULT_MAX_DIGITS, DEFAULT_MIN_COMPONENT_SHARE);

    public NumberLimits {
        if (maxDigits < 1 || minComponentShare < 0 || minComponentShare >= 1) {
            throw new IllegalArgumentException(
                    "max digits at least 1 and a share in [0, 1), not " + maxDigits + ", " + minComponentShare);
        }
    }
}
