package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.InkBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the digits in a drawing of a number, so that each can be framed as MNIST frames one digit
 * and single-digit accuracy carries over. A digit is one or more marks (8-connected components of
 * the ink): a 5's top bar, the second stroke of a 4 or a 7 and the pieces of a broken stroke lie
 * over the same columns as the rest of their digit, so marks whose columns overlap by half of the
 * narrower one's width are one digit, and a small or flat mark (a 5's bar drawn off to the side)
 * just beside a bigger one belongs to it; a tall single mark is a digit however little ink it has
 * (a 1 drawn with a thin pen). Marks with less ink than a share of the largest are noise. Digits that
 * touch are one mark: one that is too wide to be a single digit is refused, since no cut through
 * ink is reliable enough to guess at. A number is read left to right.
 */
final class Segmenter {
    /** Marks whose columns overlap by this share of the narrower one's width belong to one digit. */
    private static final double MERGE_OVERLAP = 0.5;
    /** A digit with less ink than this share of the largest one's is a piece of its neighbour... */
    private static final double SMALL_PIECE = 0.15;
    /** A digit less tall than this share of the tallest one is a flat piece of its neighbour, as a small one is... */
    private static final double FLAT = 0.4;
    /** ...when the gap between them is at most this share of the neighbour's height. */
    private static final double NEAR = 0.25;
    /**
     * A single mark at least this share of the tallest digit's height is never a piece, however little
     * ink it has: a thin 1. Specks merged because they lie one above the other are not one mark.
     */
    private static final double TALL = 0.6;
    /** A digit is never this many times wider than tall; a wider mark is digits that touch or overlap. */
    private static final double MAX_DIGIT_ASPECT = 2.0;
    /** Marks a digit may be drawn in, at most: more marks than this per allowed digit are refused at once. */
    private static final int MAX_MARKS_PER_DIGIT = 8;

    private Segmenter() {}

    /** A digit's ink: its box in the map and the component labels that are its marks. */
    record Digit(InkBox box, double mass, List<Integer> labels) {
        Digit merge(Digit other) {
            List<Integer> both = new ArrayList<>(labels);
            both.addAll(other.labels);
            return new Digit(
                    new InkBox(
                            Math.min(box.left(), other.box.left()),
                            Math.min(box.top(), other.box.top()),
                            Math.max(box.right(), other.box.right()),
                            Math.max(box.bottom(), other.box.bottom())),
                    mass + other.mass,
                    both);
        }

        int overlap(Digit other) {
            return Math.min(box.right(), other.box.right()) - Math.max(box.left(), other.box.left()) + 1;
        }
    }

    /** The digits of a drawing, left to right, and the component label of each pixel of the map. */
    record Segments(List<Digit> digits, int[] labels) {}

    static Segments segment(InkMap map, NumberLimits limits) {
        int[] labels = new int[map.width() * map.height()];
        List<Digit> marks = components(map, labels);
        double largest = marks.stream().mapToDouble(Digit::mass).max().orElse(0);
        if (largest <= 0) {
            throw new ImageRejected(ImageRejected.Reason.EMPTY, "The image has no ink: draw a number first.");
        }
        List<Digit> kept = marks.stream()
                .filter(mark -> mark.mass() >= limits.minComponentShare() * largest)
                .toList();
        if (kept.size() > (long) limits.maxDigits() * MAX_MARKS_PER_DIGIT) {
            throw tooMany(kept.size() + " separate marks", limits);
        }
        List<Digit> digits = mergeNearby(mergeOverlapping(kept));
        if (digits.size() > limits.maxDigits()) {
            throw tooMany(digits.size() + " digits", limits);
        }
        for (Digit digit : digits) {
            if (digit.box().width() > MAX_DIGIT_ASPECT * digit.box().height()) {
                throw new ImageRejected(
                        ImageRejected.Reason.DIGITS_TOUCH,
                        "Some digits touch or overlap, so they cannot be told apart: leave a small gap between digits.");
            }
        }
        return new Segments(digits, labels);
    }

    private static ImageRejected tooMany(String found, NumberLimits limits) {
        return new ImageRejected(
                ImageRejected.Reason.TOO_MANY_DIGITS,
                "The drawing has " + found + "; a number may have at most " + limits.maxDigits()
                        + " digits. Draw fewer digits, or clear the stray marks.");
    }

    /** The 8-connected components of the ink, labelled from 1 in {@code labels}, as one-mark digits. */
    private static List<Digit> components(InkMap map, int[] labels) {
        int width = map.width();
        int height = map.height();
        float[] ink = map.ink();
        int[] queue = new int[labels.length];
        List<Digit> marks = new ArrayList<>();
        for (int start = 0; start < ink.length; start++) {
            if (ink[start] <= 0 || labels[start] != 0) {
                continue;
            }
            int label = marks.size() + 1;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            labels[start] = label;
            int left = width;
            int right = -1;
            int top = height;
            int bottom = -1;
            double mass = 0;
            while (head < tail) {
                int p = queue[head++];
                int x = p % width;
                int y = p / width;
                left = Math.min(left, x);
                right = Math.max(right, x);
                top = Math.min(top, y);
                bottom = Math.max(bottom, y);
                mass += ink[p];
                for (int dy = Math.max(0, y - 1); dy <= Math.min(height - 1, y + 1); dy++) {
                    for (int dx = Math.max(0, x - 1); dx <= Math.min(width - 1, x + 1); dx++) {
                        int q = dy * width + dx;
                        if (ink[q] > 0 && labels[q] == 0) {
                            labels[q] = label;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            marks.add(new Digit(new InkBox(left, top, right, bottom), mass, List.of(label)));
        }
        return marks;
    }

    /** Marks over the same columns are one digit: merged until no two overlap enough, left to right. */
    private static List<Digit> mergeOverlapping(List<Digit> marks) {
        List<Digit> digits = new ArrayList<>(marks);
        boolean merged = true;
        while (merged) {
            merged = false;
            digits.sort(Comparator.comparingInt(d -> d.box().left()));
            for (int i = 0; i < digits.size() && !merged; i++) {
                Digit a = digits.get(i);
                for (int j = i + 1;
                        j < digits.size()
                                && digits.get(j).box().left() <= a.box().right();
                        j++) {
                    Digit b = digits.get(j);
                    if (a.overlap(b)
                            >= MERGE_OVERLAP * Math.min(a.box().width(), b.box().width())) {
                        digits.set(i, a.merge(b));
                        digits.remove(j);
                        merged = true;
                        break;
                    }
                }
            }
        }
        return digits;
    }

    /**
     * A small or flat digit just beside a bigger one is a piece of it: the start of a stroke, a
     * broken bar, a 5's top bar drawn off to the side. It joins the neighbour it overlaps most, or
     * else the nearer one within reach.
     */
    private static List<Digit> mergeNearby(List<Digit> sorted) {
        List<Digit> digits = new ArrayList<>(sorted);
        double largest = digits.stream().mapToDouble(Digit::mass).max().orElse(0);
        int tallest = digits.stream().mapToInt(d -> d.box().height()).max().orElse(0);
        for (int i = 0; i < digits.size(); ) {
            Digit piece = digits.get(i);
            int height = piece.box().height();
            boolean stroke = piece.labels().size() == 1 && height >= TALL * tallest;
            boolean small = piece.mass() < SMALL_PIECE * largest && !stroke || height < FLAT * tallest;
            int neighbour = small ? neighbour(digits, i) : -1;
            if (neighbour < 0) {
                i++;
                continue;
            }
            Digit merged = digits.get(neighbour).merge(piece);
            digits.set(Math.min(i, neighbour), merged);
            digits.remove(Math.max(i, neighbour));
            i = 0;
        }
        return digits;
    }

    /**
     * The bigger digit next to {@code i} in reading order that it overlaps most, or else the one
     * whose gap to it is shortest and short for that digit's height; -1 when there is none.
     */
    private static int neighbour(List<Digit> digits, int i) {
        Digit piece = digits.get(i);
        int best = -1;
        int bestOverlap = Integer.MIN_VALUE;
        for (int n : new int[] {i - 1, i + 1}) {
            if (n < 0 || n >= digits.size() || digits.get(n).mass() <= piece.mass()) {
                continue;
            }
            Digit other = digits.get(n);
            int overlap = piece.overlap(other);
            if (-overlap <= NEAR * other.box().height() && overlap > bestOverlap) {
                best = n;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    /** The digit's marks alone, cropped to its box: the ink map its MNIST framing reads. */
    static InkMap inkOf(InkMap map, Digit digit, int[] labels) {
        InkBox box = digit.box();
        boolean[] mine =
                new boolean[digit.labels().stream().mapToInt(l -> l).max().orElse(0) + 1];
        digit.labels().forEach(label -> mine[label] = true);
        float[] ink = new float[box.width() * box.height()];
        for (int y = box.top(), i = 0; y <= box.bottom(); y++) {
            for (int x = box.left(), p = y * map.width() + x; x <= box.right(); x++, p++, i++) {
                int label = labels[p];
                ink[i] = label < mine.length && mine[label] ? map.ink()[p] : 0;
            }
        }
        return new InkMap(ink, box.width(), box.height());
    }
}
