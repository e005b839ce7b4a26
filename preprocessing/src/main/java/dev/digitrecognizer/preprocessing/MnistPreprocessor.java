package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.InkBox;
import dev.digitrecognizer.mnist.MnistFrame;

/**
 * Does to an ink map what was done to the MNIST digits: crop to the ink, scale the longer side
 * to 20 px keeping the aspect ratio with area averaging, and place the result in a 28x28 field
 * so that its centre of mass is at the centre. As in MNIST, the strongest pixel is full ink, so a
 * drawing made with a hairline pen still reads as a digit.
 */
final class MnistPreprocessor {
    private MnistPreprocessor() {}

    /** 784 values in [0,1], row-major, 0 = background. */
    static float[] toMnist(InkMap map) {
        InkBox box = boundingBox(map);
        int cropWidth = box.width();
        int cropHeight = box.height();
        double scale = (double) MnistFrame.BOX / Math.max(cropWidth, cropHeight);
        int width = AreaResampler.scaledLength(cropWidth, scale);
        int height = AreaResampler.scaledLength(cropHeight, scale);
        float[] small = AreaResampler.resample(map, box.left(), box.top(), cropWidth, cropHeight, scale);
        return MnistFrame.place(small, width, height);
    }

    /** The box of the pixels with ink. */
    static InkBox boundingBox(InkMap map) {
        float[] ink = map.ink();
        int width = map.width();
        int minX = width;
        int minY = -1;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < map.height(); y++) {
            int row = y * width;
            int first = 0;
            while (first < minX && ink[row + first] <= 0) {
                first++;
            }
            int last = width - 1;
            while (last > maxX && ink[row + last] <= 0) {
                last--;
            }
            boolean inked = first < minX || last > maxX || rowHasInk(ink, row + minX, row + maxX);
            if (inked) {
                minX = Math.min(minX, first);
                maxX = Math.max(maxX, last);
                minY = minY < 0 ? y : minY;
                maxY = y;
            }
        }
        if (maxX < 0) {
            throw new ImageRejected(ImageRejected.Reason.EMPTY, "The image has no ink: draw a digit first.");
        }
        return new InkBox(minX, minY, maxX, maxY);
    }

    private static boolean rowHasInk(float[] ink, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (ink[i] > 0) {
                return true;
            }
        }
        return false;
    }
}
