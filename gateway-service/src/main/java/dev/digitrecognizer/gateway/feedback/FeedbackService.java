package dev.digitrecognizer.gateway.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import dev.digitrecognizer.gateway.prediction.Answer;
import dev.digitrecognizer.gateway.prediction.NumberAnswer;
import dev.digitrecognizer.gateway.prediction.Prediction;
import dev.digitrecognizer.gateway.prediction.Verdict;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Takes a user's word on an answer: checks the answer's signed id and the label, stores both, and
 * counts each model right or wrong. Also deletes feedback past its retention, on a timer.
 */
@ApplicationScoped
@Startup
public class FeedbackService {
    private static final Logger LOG = Logger.getLogger(FeedbackService.class);
    private static final int MIN_SECRET_LENGTH = 32;
    /** Replicas' clocks differ a little: an answer a few seconds "from the future" is still one of ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final boolean enabled;
    private final FeedbackStore store;
    private final GatewayMetrics metrics;
    private final AnswerId ids;
    private final Duration window;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();
    private final String detector;
    private final Vertx vertx;
    private final long sweeper;

    FeedbackService(FeedbackStore store, GatewayMetrics metrics, GatewayConfig config, Vertx vertx) {
        this.store = store;
        this.metrics = metrics;
        GatewayConfig.Feedback feedback = config.feedback();
        this.enabled = feedback.enabled();
        this.ids = new AnswerId(
                !enabled
                        ? new byte[1]
                        : feedback.secret().map(FeedbackService::checked).orElseGet(FeedbackService::randomKey));
        this.window = feedback.window();
        this.retention = feedback.retention();
        this.detector = config.detector().model();
        this.vertx = vertx;
        this.sweeper =
                enabled ? vertx.setPeriodic(0, Math.max(1, feedback.sweepEvery().toMillis()), id -> sweep()) : -1;
    }

    private static byte[] checked(String secret) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("gateway.feedback.secret must be at least " + MIN_SECRET_LENGTH
                    + " characters long; it signs every answer's id");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomKey() {
        LOG.warn("gateway.feedback.secret is not set: answer ids are signed with a key of this process only,"
                + " so feedback works only with this replica and until it restarts");
        byte[] key = new byte[MIN_SECRET_LENGTH];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @PreDestroy
    void stop() {
        if (enabled) {
            vertx.cancelTimer(sweeper);
        }
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new FeedbackRejected(
                    FeedbackRejected.Reason.SWITCHED_OFF, "This server takes no feedback: it is switched off.");
        }
    }

    /** The signed id of an answer about one drawing, which its feedback brings back; null when feedback is off. */
    public String id(Answer answer) {
        List<Prediction> predictions = answer.predictions();
        Answered.Mark mark = mark(answer.input().pixels(), predictions);
        return sign(
                Answered.Kind.DIGIT,
                predictions.stream().map(Prediction::model).toList(),
                answer.versions(),
                List.of(mark));
    }

    /** The signed id of an answer about a drawn number; null when feedback is off. */
    public String id(NumberAnswer answer) {
        List<Answered.Mark> marks = new ArrayList<>();
        for (int k = 0; k < answer.input().digits().size(); k++) {
            int mark = k;
            marks.add(mark(
                    answer.input().digits().get(k).pixels(),
                    answer.readings().stream()
                            .map(reading -> reading.digits().get(mark))
                            .toList()));
        }
        return sign(
                Answered.Kind.NUMBER,
                answer.readings().stream().map(NumberAnswer.Reading::model).toList(),
                answer.versions(),
                marks);
    }

    /** Null when feedback is off. */
    private String sign(
            Answered.Kind kind, List<String> models, Map<String, String> versions, List<Answered.Mark> marks) {
        if (!enabled) {
            return null;
        }
        Answered answered = new Answered(
                kind,
                clock.instant(),
                ThreadLocalRandom.current().nextLong(),
                models.stream()
                        .map(model -> new Answered.ModelVersion(model, versions.getOrDefault(model, "")))
                        .toList(),
                new Answered.ModelVersion(detector, versions.getOrDefault(detector, "")),
                marks);
        return ids.sign(answered);
    }

    /** One drawing as its answer saw it: each model's prediction of it, in the answer's order. */
    private static Answered.Mark mark(float[] pixels, List<Prediction> predictions) {
        byte[] bytes = new byte[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            bytes[p] = (byte) Math.round(Math.max(0f, Math.min(1f, pixels[p])) * 255);
        }
        return new Answered.Mark(
                bytes,
                predictions.get(0).verdict() == Verdict.DIGIT,
                predictions.stream()
                        .map(prediction -> new Answered.Guess(prediction.digit(), prediction.probabilities()))
                        .toList());
    }

    /** Feedback as stored: the label as the truth reads it, and each model's outcome by name. */
    public record Taken(String label, Map<String, Boolean> outcomes) {}

    /** Stores and counts the feedback. Blocks on the database. */
    public Taken take(String id, JsonNode label) {
        requireEnabled();
        AnswerId.Verified verified;
        try {
            verified = ids.verify(id);
        } catch (AnswerId.Invalid e) {
            throw new FeedbackRejected(
                    FeedbackRejected.Reason.INVALID_ANSWER_ID,
                    "This id is not one of this service's answers; send the \"id\" of an answer as it came.");
        }
        Answered answered = verified.answered();
        Instant now = clock.instant();
        if (answered.at().plus(window).isBefore(now) || answered.at().isAfter(now.plus(CLOCK_SKEW))) {
            throw new FeedbackRejected(
                    FeedbackRejected.Reason.ANSWER_EXPIRED,
                    "This answer is too old for feedback; feedback is taken for " + days(window) + " after an answer.");
        }
        Truth truth = Truth.of(answered, label);
        store.save(verified.key(), answered, truth, now);
        count(answered, truth);
        return new Taken(truth.label(), truth.outcomes(answered));
    }

    private static String days(Duration window) {
        long days = window.toDays();
        return days >= 1 ? days + (days == 1 ? " day" : " days") : window.toHours() + " hours";
    }

    /**
     * Per mark whose truth is known: each digit model's digit against it, and whether the detector
     * told digit from not-a-digit right. A digit model is judged only on digits, which is all it reads.
     */
    private void count(Answered answered, Truth truth) {
        for (int k = 0; k < answered.marks().size(); k++) {
            int actual = truth.actual()[k];
            if (actual == Truth.UNKNOWN) {
                continue;
            }
            Answered.Mark mark = answered.marks().get(k);
            String actualLabel = actual == Truth.NOT_A_DIGIT ? Truth.NOT_A_DIGIT_LABEL : String.valueOf(actual);
            for (int m = 0; m < answered.models().size(); m++) {
                String model = answered.models().get(m).name();
                int predicted = mark.guesses().get(m).digit();
                metrics.confused(model, String.valueOf(predicted), actualLabel);
                if (actual != Truth.NOT_A_DIGIT) {
                    metrics.judged(model, predicted == actual);
                }
            }
            metrics.judged(answered.detector().name(), mark.digit() == (actual != Truth.NOT_A_DIGIT));
        }
    }

    /** Deletes what is past the retention, off the event loop; a database that is down is tried next time. */
    private void sweep() {
        vertx.executeBlocking(
                () -> {
                    int deleted = store.deleteBefore(clock.instant().minus(retention));
                    if (deleted > 0) {
                        LOG.infof("deleted the feedback on %d answers, older than %s", deleted, days(retention));
                    }
                    return deleted;
                },
                false);
    }

    /** The stored drawings with known labels, for training; the caller closes it. */
    public FeedbackStore.Export export() {
        requireEnabled();
        return store.export();
    }
}
