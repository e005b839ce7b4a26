package dev.digitrecognizer.trainer.scratch;

/** The Adam optimiser (Kingma and Ba, 2015) over a set of float parameter arrays. */
public final class Adam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float[][] parameters;
    private final float[][] firstMoments;
    private final float[][] secondMoments;
    private int steps;

    public Adam(float[][] parameters) {
        this.parameters = parameters;
        firstMoments = new float[parameters.length][];
        secondMoments = new float[parameters.length][];
        for (int p = 0; p < parameters.length; p++) {
            firstMoments[p] = new float[parameters[p].length];
            secondMoments[p] = new float[parameters[p].length];
        }
    }

    public void step(float[][] gradients, float learningRate) {
        steps++;
        float correction1 = 1 - (float) Math.pow(BETA1, steps);
        float correction2 = 1 - (float) Math.pow(BETA2, steps);
        float rate = learningRate * (float) Math.sqrt(correction2) / correction1;
        for (int p = 0; p < parameters.length; p++) {
            float[] w = parameters[p];
            float[] g = gradients[p];
            float[] m = firstMoments[p];
            float[] v = secondMoments[p];
            for (int i = 0; i < w.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                w[i] -= rate * m[i] / ((float) Math.sqrt(v[i]) + EPSILON);
            }
        }
    }
}
