package dev.digitrecognizer.trainer.djl;

/** One step of a DJL network description; {@code size} is units, filters, pool size or rate. */
record Step(Kind kind, float size) {

    enum Kind { TO_IMAGE, CONV, BATCH_NORM, RELU, MAX_POOL, DROPOUT, FLATTEN, DENSE }

    static Step of(Kind kind) {
        return new Step(kind, 0);
    }

    static Step of(Kind kind, float size) {
        return new Step(kind, size);
    }

    String describe() {
        return switch (kind) {
            case TO_IMAGE -> "Reshape 1x28x28";
            case CONV -> "Conv " + (int) size + " 3x3";
            case BATCH_NORM -> "BatchNorm";
            case RELU -> "ReLU";
            case MAX_POOL -> "MaxPool " + (int) size + "x" + (int) size;
            case DROPOUT -> "Dropout " + size;
            case FLATTEN -> "Flatten";
            case DENSE -> "Dense " + (int) size;
        };
    }
}
