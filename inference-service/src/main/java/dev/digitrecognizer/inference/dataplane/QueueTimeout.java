package dev.digitrecognizer.inference.dataplane;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.dataplane.Failure.InvalidInput;
import dev.digitrecognizer.inference.repository.ModelConfig.QueuePolicy;
import java.math.BigInteger;

/**
 * How long a request may wait in the queue, in microseconds (0: no limit): the model's
 * {@code default_timeout_microseconds}, or the request's {@code timeout} parameter as in Triton,
 * which the model must allow ({@code allow_timeout_override}) and which may only shorten it.
 */
final class QueueTimeout {
    private QueueTimeout() {}

    static long of(Object requested, ServedModel model) {
        QueuePolicy policy =
                model.config().batching().map(batching -> batching.queue()).orElse(QueuePolicy.NONE);
        if (requested == null) {
            return policy.defaultTimeoutMicros();
        }
        boolean whole = requested instanceof Integer || requested instanceof Long || requested instanceof BigInteger;
        if (!whole || ((Number) requested).longValue() < 0) {
            throw new InvalidInput("parameter '" + InferRequest.TIMEOUT
                    + "' must be a whole number of microseconds, not " + requested);
        }
        long micros = ((Number) requested).longValue();
        if (!policy.allowTimeoutOverride()) {
            throw new InvalidInput("model '" + model.name() + "' takes no '" + InferRequest.TIMEOUT
                    + "' parameter: its config.pbtxt does not set allow_timeout_override");
        }
        long limit = policy.defaultTimeoutMicros();
        if (limit > 0 && (micros == 0 || micros > limit)) {
            throw new InvalidInput("parameter '" + InferRequest.TIMEOUT + "' is " + micros + " microseconds; model '"
                    + model.name() + "' allows at most its default_timeout_microseconds, " + limit);
        }
        return micros;
    }
}
