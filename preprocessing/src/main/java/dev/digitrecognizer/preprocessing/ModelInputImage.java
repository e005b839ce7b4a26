package dev.digitrecognizer.preprocessing;

import dev.digitrecognizer.mnist.Mnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The 28x28 input a model saw, as a PNG data URL: white ink on black, as MNIST shows digits. */
final class ModelInputImage {
    private ModelInputImage() {}

    public static String dataUrl(float[] field) {
        int side = Mnist.SIDE;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(field[i] * 255);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(1024);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        // In memory: ImageIO.write would cache the stream in a temporary file.
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(png)) {
            writer.setOutput(output);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }
}
