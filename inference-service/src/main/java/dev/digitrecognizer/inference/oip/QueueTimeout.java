package dev.digitrecognizer.inference.oip;

import dev.digitrecognizer.inference.backend.ServedModel;
import dev.digitrecognizer.inference.oip.OipErrors.InvalidInput;
import dev.digitrecognizer.inference.repository.ModelConfig.QueuePolicy;
import java.math.BigInteger;
import java.util.Map;

/**
 * How long a request may wait in the queue, in microseconds (0: no limit): the model's
 * {@code default_timeout_microseconds}, or the request's {@code timeout} parameter as in Triton,
 * which the model must allow ({@code allow_timeout_override}) and which may only shorten it.
 */
final class QueueTimeout {
    static final String PARAMETER = "timeout";

    private QueueTimeout() {}

    static long of(Map<String, Object> parameters, ServedModel model) {
        QueuePolicy policy =
                model.config().batching().map(batching -> batching.queue()).orElse(QueuePolicy.NONE);
        Object requested = parameters == null ? null : parameters.get(PARAMETER);
        if (requested == null) {
            return policy.defaultTimeoutMicros();
        }
        boolean whole = requested instanceof Integer || requested instanceof Long || requested instanceof BigInteger;
        if (!whole || ((Number) requested).longValue() < 0) {
            throw new InvalidInput(
                    "parameter '" + PARAMETER + "' must be a whole number of microseconds, not " + requested);
        }
        long micros = ((Number) requested).longValue();
        if (!policy.allowTimeoutOverride()) {
            throw new InvalidInput("model '" + model.name() + "' takes no '" + PARAMETER
                    + "' parameter: its config.pbtxt does not set allow_timeout_override");
        }
        long limit = policy.defaultTimeoutMicros();
        if (limit > 0 && (micros == 0 || micros > limit)) {
            throw new InvalidInput("parameter '" + PARAMETER + "' is " + micros + " microseconds; model '"
                    + model.name() + "' allows at most its default_timeout_microseconds, " + limit);
        }
        return micros;
    }
}
