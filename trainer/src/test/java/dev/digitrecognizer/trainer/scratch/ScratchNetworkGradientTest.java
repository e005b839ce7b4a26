package dev.digitrecognizer.trainer.scratch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Backpropagation agrees with central finite differences of the loss. */
class ScratchNetworkGradientTest {
    private static final float EPSILON = 1e-2f;

    @Test
    void backpropagationMatchesNumericalGradientsForEveryParameter() {
        ScratchNetwork network = new ScratchNetwork(new int[] {12, 9, 7, 10}, 3);
        SplittableRandom random = new SplittableRandom(5);
        int count = 4;
        float[] inputs = new float[count * 12];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = random.nextInt(3) == 0 ? 0 : (float) random.nextDouble();
        }
        int[] labels = {3, 0, 9, 3};

        network.lossAndGradients(inputs, labels, count);
        float[][] analytic = copy(network.gradients());
        float[][] parameters = network.parameters();

        double worst = 0;
        for (int p = 0; p < parameters.length; p++) {
            for (int i = 0; i < parameters[p].length; i++) {
                float saved = parameters[p][i];
                parameters[p][i] = saved + EPSILON;
                double plus = network.lossAndGradients(inputs, labels, count);
                parameters[p][i] = saved - EPSILON;
                double minus = network.lossAndGradients(inputs, labels, count);
                parameters[p][i] = saved;
                double numerical = (plus - minus) / (2 * EPSILON);
                double error = Math.abs(numerical - analytic[p][i])
                        / Math.max(1e-2, Math.abs(numerical) + Math.abs(analytic[p][i]));
                worst = Math.max(worst, error);
            }
        }
        assertTrue(worst < 2e-2, "worst relative gradient error " + worst);
    }

    private static float[][] copy(float[][] arrays) {
        float[][] copy = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = arrays[i].clone();
        }
        return copy;
    }
}
