package dev.digitrecognizer.trainer.synth;

import dev.digitrecognizer.mnist.Mnist;
import dev.digitrecognizer.mnist.PenLines;
import dev.digitrecognizer.trainer.augment.Augmenter;
import dev.digitrecognizer.trainer.augment.PenStroke;
import dev.digitrecognizer.trainer.training.TrainingSet;
import java.awt.Font;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * MNIST's training digits augmented, with digits set in the training fonts and redrawn with other
 * pens (classes 0 to 9) and, for the detector, marks that are not digits (class
 * {@value #NOT_A_DIGIT}), drawn afresh each epoch. The marks are letters and symbols in those fonts,
 * set or redrawn with a round pen, words, and {@link Doodles}. Glyphs that are drawn like digits are
 * left out: O, o, Q, D, l, I, i, j, S, s, Z, z, B, b, G, g, q, and | / \ ( ) [ ] ! . , : ;.
 */
public final class MixedSet implements TrainingSet {
    public static final int NOT_A_DIGIT = 10;
    public static final int CLASSES = 11;
    private static final String LETTERS = "ACEFHJKLMNPRTUVWXYacdefhkmnprtuvwxy";
    private static final String SYMBOLS = "+=#@&%$?*<>~^{}÷×±§¶©®€£¥∞√∑∫≠≈≤≥←→↑↓☺★☆♥♦♣♠✓✗♪☀☁☂☃☎✈✂✉⌘∆¿αβγδελμπσΣΔΦΨΩ";

    private final Mnist mnist;
    private final Augmenter augmenter;
    private final List<Font> fonts;
    private final int fontDigits;
    private final int brushDigits;
    private final int nonDigits;
    private final long seed;

    /**
     * @param fontDigits  digits set in the fonts, each epoch
     * @param brushDigits MNIST training digits redrawn with other pens ({@link Brushes}), each epoch
     * @param nonDigits   marks that are not digits, each epoch
     */
    public MixedSet(
            Mnist mnist,
            Augmenter augmenter,
            FontBook book,
            int fontDigits,
            int brushDigits,
            int nonDigits,
            long seed) {
        this.brushDigits = brushDigits;
        this.mnist = mnist;
        this.augmenter = augmenter;
        this.fonts = book.fonts();
        this.fontDigits = fontDigits;
        this.nonDigits = nonDigits;
        this.seed = seed;
    }

    @Override
    public int size() {
        return mnist.size() + fontDigits + brushDigits + nonDigits;
    }

    @Override
    public Epoch epoch(int epoch) {
        float[] images = new float[size() * Mnist.PIXELS];
        int[] labels = new int[size()];
        System.arraycopy(augmenter.epoch(epoch), 0, images, 0, mnist.size() * Mnist.PIXELS);
        System.arraycopy(mnist.labels(), 0, labels, 0, mnist.size());
        IntStream.range(mnist.size(), size()).parallel().forEach(i -> {
            SplittableRandom random = new SplittableRandom(seed * 7_919L + epoch * 1_000_003L + i);
            boolean typed = i < mnist.size() + fontDigits;
            boolean redrawn = !typed && i < mnist.size() + fontDigits + brushDigits;
            float[] image = null;
            int label = NOT_A_DIGIT;
            while (image == null) {
                if (typed) {
                    label = random.nextInt(10);
                    image = glyph(String.valueOf((char) ('0' + label)), random, 25);
                } else if (redrawn) {
                    int index = random.nextInt(mnist.size());
                    label = mnist.labels()[index];
                    image = Brushes.draw(mnist.image(index), random);
                } else {
                    image = nonDigit(random);
                }
            }
            System.arraycopy(image, 0, images, i * Mnist.PIXELS, Mnist.PIXELS);
            labels[i] = label;
        });
        return new Epoch(images, labels);
    }

    private float[] nonDigit(SplittableRandom random) {
        int kind = random.nextInt(20);
        if (kind < 8) {
            return glyph(pick(LETTERS, random), random, 20);
        } else if (kind < 11) {
            return glyph(pick(SYMBOLS, random), random, 20);
        } else if (kind < 12) {
            int length = random.nextInt(2, 5);
            StringBuilder word = new StringBuilder();
            for (int c = 0; c < length; c++) {
                word.append(pick(LETTERS, random));
            }
            return glyph(word.toString(), random, 10);
        }
        return Doodles.draw(random);
    }

    private static String pick(String chars, SplittableRandom random) {
        int at = chars.offsetByCodePoints(0, random.nextInt(chars.codePointCount(0, chars.length())));
        return new String(Character.toChars(chars.codePointAt(at)));
    }

    /** The text in a random font that draws it, a third of the time redrawn along its skeleton with a pen. */
    private float[] glyph(String text, SplittableRandom random, double maxDegrees) {
        Font font = fonts.get(random.nextInt(fonts.size()));
        if (font.canDisplayUpTo(text) != -1) {
            return null;
        }
        float[] set = Glyphs.draw(text, font, maxDegrees, random);
        if (set == null || random.nextInt(3) != 0) {
            return set;
        }
        PenLines lines = PenLines.of(set);
        return lines.isEmpty()
                ? set
                : PenStroke.draw(
                        lines, random.nextDouble(0.05, 0.2) * lines.box().height());
    }
}
