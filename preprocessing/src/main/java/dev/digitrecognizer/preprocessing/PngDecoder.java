package dev.digitrecognizer.preprocessing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNGs that canvases write (8-bit RGB or RGBA, not interlaced) straight into the
 * raster of the image ImageIO would return. ImageIO copies every row through a temporary raster
 * and spends nearly as long on that as on inflating; this does one pass. Anything else, and anything
 * out of the ordinary, answers null and is left to ImageIO, which also reports what is wrong.
 */
final class PngDecoder {
    private static final int SIGNATURE_LENGTH = 8;
    private static final int RGB = 2;
    private static final int RGBA = 6;
    private static final VarHandle LITTLE_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private PngDecoder() {}

    static BufferedImage decode(byte[] png, long maxPixels) {
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(SIGNATURE_LENGTH);
        if (in.remaining() < 4 + 4 + 13 + 4 || in.getInt() != 13 || !"IHDR".equals(type(in))) {
            return null;
        }
        int width = in.getInt();
        int height = in.getInt();
        int bitDepth = in.get();
        int colourType = in.get();
        boolean standard = in.get() == 0 && in.get() == 0 && in.get() == 0;
        in.getInt();
        int channels = colourType == RGBA ? 4 : colourType == RGB ? 3 : 0;
        if (!standard
                || bitDepth != 8
                || channels == 0
                || width <= 0
                || height <= 0
                || (long) width * height > maxPixels
                || (long) height * (1 + (long) width * channels) > Integer.MAX_VALUE - 8) {
            return null;
        }
        byte[] data = inflateImageData(in, height * (1 + width * channels));
        if (data == null || !unfilter(data, width * channels, height, channels)) {
            return null;
        }
        return toImage(data, width, height, channels);
    }

    private static String type(ByteBuffer in) {
        byte[] type = new byte[4];
        in.get(type);
        return new String(type, StandardCharsets.US_ASCII);
    }

    /** The IDAT chunks inflated, or null if they do not hold exactly {@code length} bytes. */
    private static byte[] inflateImageData(ByteBuffer in, int length) {
        byte[] out = new byte[length];
        Inflater inflater = new Inflater();
        try {
            int written = 0;
            while (in.remaining() >= 12) {
                int chunkLength = in.getInt();
                String type = type(in);
                if (chunkLength < 0 || chunkLength > in.remaining() - 4) {
                    return null;
                }
                switch (type) {
                    case "IDAT" -> {
                        inflater.setInput(in.array(), in.position(), chunkLength);
                        // No progress (a preset dictionary, say) ends the loop: the check at IEND fails it.
                        int inflated;
                        do {
                            inflated = inflater.inflate(out, written, length - written);
                            written += inflated;
                        } while (inflated > 0 && !inflater.needsInput() && !inflater.finished() && written < length);
                    }
                    case "IEND" -> {
                        return written == length && inflater.finished() ? out : null;
                    }
                    // A palette or a transparent colour changes the decoded pixels: ImageIO's job.
                    case "PLTE", "tRNS" -> {
                        return null;
                    }
                    default -> {
                        // ancillary chunks (text, gamma, colour space) do not change the pixels ImageIO returns
                    }
                }
                in.position(in.position() + chunkLength + 4);
            }
            return null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /** Reverses the per-row filters in place; false for an unknown filter type. */
    private static boolean unfilter(byte[] data, int stride, int height, int bpp) {
        for (int y = 0; y < height; y++) {
            int row = y * (stride + 1) + 1;
            int previous = row - stride - 1;
            int filter = data[row - 1];
            switch (filter) {
                case 0 -> {}
                case 1 -> {
                    for (int i = bpp; i < stride; i++) {
                        data[row + i] += data[row + i - bpp];
                    }
                }
                case 2 -> {
                    if (y > 0) {
                        for (int i = 0; i < stride; i++) {
                            data[row + i] += data[previous + i];
                        }
                    }
                }
                case 3 -> {
                    for (int i = 0; i < stride; i++) {
                        int left = i >= bpp ? data[row + i - bpp] & 0xFF : 0;
                        int up = y > 0 ? data[previous + i] & 0xFF : 0;
                        data[row + i] += (left + up) >>> 1;
                    }
                }
                case 4 -> {
                    for (int i = 0; i < stride; i++) {
                        int left = i >= bpp ? data[row + i - bpp] & 0xFF : 0;
                        int up = y > 0 ? data[previous + i] & 0xFF : 0;
                        int upLeft = i >= bpp && y > 0 ? data[previous + i - bpp] & 0xFF : 0;
                        data[row + i] += paeth(left, up, upLeft);
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static int paeth(int left, int up, int upLeft) {
        int estimate = left + up - upLeft;
        int toLeft = Math.abs(estimate - left);
        int toUp = Math.abs(estimate - up);
        int toUpLeft = Math.abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft) {
            return left;
        }
        return toUp <= toUpLeft ? up : upLeft;
    }

    /** RGBA rows into TYPE_4BYTE_ABGR, RGB rows into TYPE_3BYTE_BGR: the types ImageIO returns. */
    private static BufferedImage toImage(byte[] data, int width, int height, int channels) {
        BufferedImage image = new BufferedImage(
                width, height, channels == 4 ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int stride = width * channels;
        for (int y = 0; y < height; y++) {
            int from = y * (stride + 1) + 1;
            int to = y * stride;
            if (channels == 4) {
                // R,G,B,A read as a little-endian int and written big-endian come out as A,B,G,R.
                for (int i = 0; i < stride; i += 4) {
                    BIG_ENDIAN_INT.set(pixels, to + i, (int) LITTLE_ENDIAN_INT.get(data, from + i));
                }
            } else {
                for (int i = 0; i < stride; i += 3) {
                    pixels[to + i] = data[from + i + 2];
                    pixels[to + i + 1] = data[from + i + 1];
                    pixels[to + i + 2] = data[from + i];
                }
            }
        }
        return image;
    }
}
