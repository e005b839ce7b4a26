package dev.digitrecognizer.trainer.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.digitrecognizer.mnist.Mnist;

import java.nio.FloatBuffer;
import java.util.Map;

/** An exported model run by ONNX Runtime, to measure what will really be served. */
public final class OnnxModel implements AutoCloseable {
    private static final int CHUNK = 1000;

    private final OrtSession session;

    public OnnxModel(byte[] model) {
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            session = OrtEnvironment.getEnvironment().createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public Map<String, NodeInfo> inputs() throws OrtException {
        return session.getInputInfo();
    }

    public Map<String, NodeInfo> outputs() throws OrtException {
        return session.getOutputInfo();
    }

    /** Probabilities [count][10] for [count][784] images. */
    public float[] predict(float[] images, int count) {
        float[] probabilities = new float[count * 10];
        for (int start = 0; start < count; start += CHUNK) {
            int n = Math.min(CHUNK, count - start);
            FloatBuffer input = FloatBuffer.wrap(images, start * Mnist.PIXELS, n * Mnist.PIXELS).slice();
            try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), input,
                    new long[] {n, Mnist.PIXELS});
                 OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
                float[][] rows = (float[][]) result.get(0).getValue();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows[i], 0, probabilities, (start + i) * 10, 10);
                }
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
            }
        }
        return probabilities;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
