package dev.digitrecognizer.trainer.scratch;

import dev.digitrecognizer.trainer.network.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected ReLU network with a softmax output, written without any ML library:
 * forward pass, backpropagation of the mean cross-entropy, and He initialisation.
 *
 * <p>Weights are stored [in][out] so that both passes are row updates ({@code a[j] += s * b[j]})
 * that the JIT vectorises and that skip the many zero pixels of a digit.
 */
public final class ScratchNetwork {
    private final int[] sizes;
    private final float[][] weights;
    private final float[][] biases;
    private final float[][] weightGradients;
    private final float[][] biasGradients;

    /** @param sizes units per layer, input first, classes last; for example {784, 512, 10} */
    public ScratchNetwork(int[] sizes, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs an input and an output layer");
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        weights = new float[layers][];
        biases = new float[layers][];
        weightGradients = new float[layers][];
        biasGradients = new float[layers][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            weights[l] = new float[in * out];
            double std = Math.sqrt(2.0 / in);
            for (int i = 0; i < weights[l].length; i++) {
                weights[l][i] = (float) (gaussian(random) * std);
            }
            biases[l] = new float[out];
            weightGradients[l] = new float[in * out];
            biasGradients[l] = new float[out];
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    public int inputs() {
        return sizes[0];
    }

    public int classes() {
        return sizes[sizes.length - 1];
    }

    /** Class probabilities for {@code count} inputs, [count][classes] row-major. */
    public float[] predict(float[] inputs, int count) {
        float[][] activations = forward(inputs, count);
        return activations[activations.length - 1];
    }

    /**
     * Computes the mean cross-entropy over the batch and leaves its gradient with respect to
     * every parameter in {@link #weightGradients()} and {@link #biasGradients()}.
     */
    public double lossAndGradients(float[] inputs, int[] labels, int count) {
        float[][] activations = forward(inputs, count);
        int layers = weights.length;
        int classes = classes();
        float[] probabilities = activations[layers];
        double loss = 0;
        // d(loss)/d(logits) of softmax with cross-entropy is (p - onehot) / count.
        float[] delta = new float[count * classes];
        for (int n = 0; n < count; n++) {
            loss -= Math.log(Math.max(probabilities[n * classes + labels[n]], 1e-30f));
            for (int c = 0; c < classes; c++) {
                delta[n * classes + c] = (probabilities[n * classes + c] - (c == labels[n] ? 1 : 0)) / count;
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] input = activations[l];
            float[] dW = weightGradients[l];
            float[] dB = biasGradients[l];
            java.util.Arrays.fill(dW, 0);
            java.util.Arrays.fill(dB, 0);
            for (int n = 0; n < count; n++) {
                for (int j = 0; j < out; j++) {
                    dB[j] += delta[n * out + j];
                }
                for (int i = 0; i < in; i++) {
                    float a = input[n * in + i];
                    if (a != 0) {
                        axpy(dW, i * out, delta, n * out, a, out);
                    }
                }
            }
            if (l > 0) {
                delta = backpropagate(l, delta, input, count);
            }
        }
        return loss / count;
    }

    /** The gradient with respect to layer l's input, through the ReLU that produced it. */
    private float[] backpropagate(int l, float[] delta, float[] input, int count) {
        int in = sizes[l];
        int out = sizes[l + 1];
        float[] w = weights[l];
        float[] previous = new float[count * in];
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < in; i++) {
                if (input[n * in + i] > 0) {
                    float sum = 0;
                    for (int j = 0; j < out; j++) {
                        sum += w[i * out + j] * delta[n * out + j];
                    }
                    previous[n * in + i] = sum;
                }
            }
        }
        return previous;
    }

    /** Activations of every layer, input first; the last is the softmax output. */
    private float[][] forward(float[] inputs, int count) {
        int layers = weights.length;
        float[][] activations = new float[layers + 1][];
        activations[0] = inputs;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] input = activations[l];
            float[] z = new float[count * out];
            for (int n = 0; n < count; n++) {
                System.arraycopy(biases[l], 0, z, n * out, out);
                for (int i = 0; i < in; i++) {
                    float a = input[n * in + i];
                    if (a != 0) {
                        axpy(z, n * out, weights[l], i * out, a, out);
                    }
                }
            }
            if (l < layers - 1) {
                for (int k = 0; k < z.length; k++) {
                    z[k] = Math.max(z[k], 0);
                }
            } else {
                softmaxRows(z, count, out);
            }
            activations[l + 1] = z;
        }
        return activations;
    }

    private static void axpy(float[] y, int yOffset, float[] x, int xOffset, float a, int length) {
        for (int j = 0; j < length; j++) {
            y[yOffset + j] += a * x[xOffset + j];
        }
    }

    private static void softmaxRows(float[] z, int rows, int columns) {
        for (int n = 0; n < rows; n++) {
            int offset = n * columns;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < columns; c++) {
                max = Math.max(max, z[offset + c]);
            }
            float sum = 0;
            for (int c = 0; c < columns; c++) {
                z[offset + c] = (float) Math.exp(z[offset + c] - max);
                sum += z[offset + c];
            }
            for (int c = 0; c < columns; c++) {
                z[offset + c] /= sum;
            }
        }
    }

    /** The parameters, weights of every layer then biases of every layer, for the optimiser. */
    public float[][] parameters() {
        return concat(weights, biases);
    }

    /** Gradients, in the order of {@link #parameters()}, from the last {@link #lossAndGradients}. */
    public float[][] gradients() {
        return concat(weightGradients, biasGradients);
    }

    float[][] weightGradients() {
        return weightGradients;
    }

    float[][] biasGradients() {
        return biasGradients;
    }

    private static float[][] concat(float[][] first, float[][] second) {
        float[][] all = new float[first.length + second.length][];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    public long parameterCount() {
        long count = 0;
        for (float[] p : parameters()) {
            count += p.length;
        }
        return count;
    }

    /** The network in inference form: Dense layers with [out][in] weights, ReLU between them. */
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < weights.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] transposed = new float[in * out];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    transposed[j * in + i] = weights[l][i * out + j];
                }
            }
            layers.add(new Layer.Dense(out, in, transposed, biases[l].clone()));
            if (l < weights.length - 1) {
                layers.add(new Layer.Relu());
            }
        }
        return layers;
    }

    /**
     * Takes the weights of {@code trained}, a network of this one's sizes in the form {@link #layers()}
     * gives: Dense layers with [out][in] weights, ReLU between them.
     *
     * @throws IllegalArgumentException when the layers are another network's
     */
    public void load(List<Layer> trained) {
        if (trained.size() != 2 * weights.length - 1) {
            throw new IllegalArgumentException(
                    trained.size() + " layers, not the " + (2 * weights.length - 1) + " of " + architecture());
        }
        for (int l = 0; l < weights.length; l++) {
            if (l > 0 && !(trained.get(2 * l - 1) instanceof Layer.Relu)) {
                throw new IllegalArgumentException("layer " + (2 * l - 1) + " is not the ReLU of " + architecture());
            }
            int in = sizes[l];
            int out = sizes[l + 1];
            if (!(trained.get(2 * l) instanceof Layer.Dense dense) || dense.in() != in || dense.out() != out) {
                throw new IllegalArgumentException(
                        "layer " + 2 * l + " is not the Dense " + in + "-" + out + " of " + architecture());
            }
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    weights[l][i * out + j] = dense.weight()[j * in + i];
                }
            }
            System.arraycopy(dense.bias(), 0, biases[l], 0, out);
        }
    }

    public String architecture() {
        StringBuilder text = new StringBuilder("Dense ");
        for (int l = 0; l < sizes.length; l++) {
            text.append(l == 0 ? "" : "-").append(sizes[l]);
        }
        return text.append(", ReLU hidden layers, softmax output").toString();
    }
}
