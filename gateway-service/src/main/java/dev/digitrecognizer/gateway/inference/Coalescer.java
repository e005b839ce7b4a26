package dev.digitrecognizer.gateway.inference;

import dev.digitrecognizer.mnist.ModelContract;
import io.netty.channel.EventLoop;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One model's infer calls from one event loop, at most one out at a time: the rows asked for while
 * a call is out wait, and go together as the next call when it returns, up to {@code maxRows}. A
 * lone request goes out at once and waits for nothing; under load, requests share a round trip and
 * the service's per-request work. Each caller gets its own rows' answers, in its rows' order. State
 * is touched by the loop's thread alone.
 */
final class Coalescer {
    private final EventLoop loop;
    private final int maxRows;
    private final BiFunction<float[][], Duration, Uni<Inferred>> send;
    private final ArrayDeque<Caller> waiting = new ArrayDeque<>();
    private boolean out;

    /** A request's rows, its deadline, and where its answer goes; gone once it stopped waiting. */
    private static final class Caller {
        final float[][] rows;
        final long deadline;
        final UniEmitter<? super Inferred> emitter;
        volatile boolean gone;

        Caller(float[][] rows, long deadline, UniEmitter<? super Inferred> emitter) {
            this.rows = rows;
            this.deadline = deadline;
            this.emitter = emitter;
        }
    }

    /** {@code send} makes one infer call of the rows within the timeout: rows x 10 floats, row after row. */
    Coalescer(EventLoop loop, int maxRows, BiFunction<float[][], Duration, Uni<Inferred>> send) {
        this.loop = loop;
        this.maxRows = maxRows;
        this.send = send;
    }

    Uni<Inferred> infer(float[][] rows, Duration timeout) {
        return Uni.createFrom().emitter(emitter -> {
            Caller caller = new Caller(rows, System.nanoTime() + timeout.toNanos(), emitter);
            emitter.onTermination(() -> caller.gone = true);
            onLoop(() -> join(caller));
        });
    }

    private void join(Caller caller) {
        waiting.add(caller);
        if (!out) {
            sendWaiting();
        }
    }

    private void sendWaiting() {
        List<Caller> callers = new ArrayList<>();
        int rows = 0;
        while (!waiting.isEmpty()) {
            Caller next = waiting.peek();
            if (next.gone) {
                waiting.poll();
                continue;
            }
            if (!callers.isEmpty() && rows + next.rows.length > maxRows) {
                break;
            }
            waiting.poll();
            callers.add(next);
            rows += next.rows.length;
        }
        out = !callers.isEmpty();
        if (!out) {
            return;
        }
        float[][] all = new float[rows][];
        long deadline = Long.MIN_VALUE;
        int row = 0;
        for (Caller caller : callers) {
            System.arraycopy(caller.rows, 0, all, row, caller.rows.length);
            row += caller.rows.length;
            deadline = Math.max(deadline, caller.deadline);
        }
        Duration timeout = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Uni.createFrom()
                .deferred(() -> send.apply(all, timeout))
                .subscribe()
                .with(
                        answer -> onLoop(() -> answered(callers, all.length, answer)),
                        failure -> onLoop(() -> {
                            sendWaiting();
                            fail(callers, failure);
                        }));
    }

    /** The call's answer normally arrives on the loop; a deadline or a cancellation may fire elsewhere. */
    private void onLoop(Runnable work) {
        if (loop.inEventLoop()) {
            work.run();
        } else {
            loop.execute(work);
        }
    }

    /** The next call goes out first, so the service computes it while these answers are written. */
    private void answered(List<Caller> callers, int rows, Inferred answer) {
        sendWaiting();
        float[] values = answer.values();
        int classes = values.length / rows;
        if (classes < ModelContract.CLASSES || values.length % rows != 0) {
            fail(
                    callers,
                    new InferenceUnavailable(
                            "the inference service answered " + values.length + " values for " + rows + " rows"));
            return;
        }
        int from = 0;
        for (Caller caller : callers) {
            int to = from + caller.rows.length * classes;
            caller.emitter.complete(new Inferred(Arrays.copyOfRange(values, from, to), answer.version()));
            from = to;
        }
    }

    private static void fail(List<Caller> callers, Throwable failure) {
        callers.forEach(caller -> caller.emitter.fail(failure));
    }
}
