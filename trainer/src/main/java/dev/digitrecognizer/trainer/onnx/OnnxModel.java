package dev.digitrecognizer.trainer.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.digitrecognizer.mnist.ModelContract;
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

    /** Probabilities [count][classes] for [count][pixels] images. */
    public float[] predict(float[] images, int count) {
        float[] probabilities = null;
        for (int start = 0; start < count; start += CHUNK) {
            int n = Math.min(CHUNK, count - start);
            FloatBuffer input = FloatBuffer.wrap(images, start * ModelContract.PIXELS, n * ModelContract.PIXELS)
                    .slice();
            try (OnnxTensor tensor = OnnxTensor.createTensor(
                            OrtEnvironment.getEnvironment(), input, new long[] {n, ModelContract.PIXELS});
                    OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, tensor))) {
                float[][] rows = (float[][]) result.get(0).getValue();
                int classes = rows[0].length;
                if (probabilities == null) {
                    probabilities = new float[count * classes];
                }
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows[i], 0, probabilities, (start + i) * classes, classes);
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
