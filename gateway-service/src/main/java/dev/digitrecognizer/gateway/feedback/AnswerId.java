package dev.digitrecognizer.gateway.feedback;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An answer's id: the {@link Answered} itself, deflated, and its HMAC-SHA256, so that feedback can
 * land on any replica that shares the key, with nothing kept between the answer and the feedback.
 * The form is {@code v1.<payload>.<mac>}, both base64url without padding. One instance per key;
 * the deflater and the MAC are kept per thread, as making them for each answer costs more than
 * using them (zlib allocates its window anew each time).
 */
public final class AnswerId {
    static final String PREFIX = "v1";
    /** The pixels of one mark: MNIST's 28x28. */
    public static final int PIXELS = 784;
    /** More marks than any number the gateway reads, to bound what a forged payload makes us inflate. */
    private static final int MAX_MARKS = 64;

    private static final int MAX_MODELS = 16;
    private static final int MAX_CLASSES = 16;
    private static final int MAX_PAYLOAD = MAX_MARKS * (PIXELS + MAX_MODELS * (2 + 4 * MAX_CLASSES)) + 4096;

    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));

    private final ThreadLocal<Mac> macs;

    public AnswerId(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        });
    }

    /** A verified id: what was answered, and the key under which its one feedback is stored. */
    public record Verified(Answered answered, String key) {}

    /** Thrown for an id that is not one of ours: damaged, forged, or signed with another key. */
    public static final class Invalid extends Exception {
        Invalid() {
            super(null, null, false, false);
        }
    }

    public String sign(Answered answered) {
        byte[] payload = deflate(write(answered));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + "." + base64.encodeToString(payload) + "." + base64.encodeToString(mac(payload));
    }

    public Verified verify(String id) throws Invalid {
        String[] parts = id.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            throw new Invalid();
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = Base64.getUrlDecoder().decode(parts[1]);
            mac = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new Invalid();
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw new Invalid();
        }
        try {
            return new Verified(read(inflate(payload)), HexFormat.of().formatHex(sha256(mac)));
        } catch (IOException | DataFormatException | IllegalArgumentException e) {
            // signed by us, so only a payload of another format version gets here
            throw new Invalid();
        }
    }

    private static byte[] write(Answered answered) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(answered.kind().ordinal());
            out.writeLong(answered.at().toEpochMilli());
            out.writeLong(answered.nonce());
            out.writeByte(answered.models().size());
            for (Answered.ModelVersion model : answered.models()) {
                out.writeUTF(model.name());
                out.writeUTF(model.version());
            }
            out.writeUTF(answered.detector().name());
            out.writeUTF(answered.detector().version());
            out.writeByte(answered.marks().size());
            for (Answered.Mark mark : answered.marks()) {
                out.write(mark.pixels());
                out.writeBoolean(mark.digit());
                for (Answered.Guess guess : mark.guesses()) {
                    out.writeByte(guess.digit());
                    out.writeByte(guess.probabilities().length);
                    for (float p : guess.probabilities()) {
                        out.writeFloat(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Answered read(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        Answered.Kind kind = Answered.Kind.values()[bounded(in.readUnsignedByte(), Answered.Kind.values().length - 1)];
        Instant at = Instant.ofEpochMilli(in.readLong());
        long nonce = in.readLong();
        int modelCount = bounded(in.readUnsignedByte(), MAX_MODELS);
        List<Answered.ModelVersion> models = new ArrayList<>(modelCount);
        for (int m = 0; m < modelCount; m++) {
            models.add(new Answered.ModelVersion(in.readUTF(), in.readUTF()));
        }
        Answered.ModelVersion detector = new Answered.ModelVersion(in.readUTF(), in.readUTF());
        int markCount = bounded(in.readUnsignedByte(), MAX_MARKS);
        List<Answered.Mark> marks = new ArrayList<>(markCount);
        for (int k = 0; k < markCount; k++) {
            byte[] pixels = in.readNBytes(PIXELS);
            if (pixels.length != PIXELS) {
                throw new EOFException();
            }
            boolean digit = in.readBoolean();
            List<Answered.Guess> guesses = new ArrayList<>(modelCount);
            for (int m = 0; m < modelCount; m++) {
                int best = in.readUnsignedByte();
                float[] probabilities = new float[bounded(in.readUnsignedByte(), MAX_CLASSES)];
                for (int c = 0; c < probabilities.length; c++) {
                    probabilities[c] = in.readFloat();
                }
                guesses.add(new Answered.Guess(best, probabilities));
            }
            marks.add(new Answered.Mark(pixels, digit, List.copyOf(guesses)));
        }
        if (in.read() != -1) {
            throw new IOException("trailing bytes");
        }
        return new Answered(kind, at, nonce, List.copyOf(models), detector, List.copyOf(marks));
    }

    private static int bounded(int count, int max) throws IOException {
        if (count > max) {
            throw new IOException("count " + count + " over " + max);
        }
        return count;
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2);
        byte[] chunk = new byte[4096];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] payload) throws DataFormatException, IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 4);
            byte[] chunk = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_PAYLOAD) {
                    throw new IOException("payload too large");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private byte[] mac(byte[] payload) {
        return macs.get().doFinal(payload);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
