package dev.digitrecognizer.gateway.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitrecognizer.mnist.ModelContract;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coalescer on a real event loop, with calls the test answers itself: which rows go out
 * together, when, and whose answer each caller gets. A row is marked by its first pixel, and its
 * answer by the row's mark plus the class.
 */
class CoalescerTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final List<Call> calls = new ArrayList<>();

    /** One infer call the coalescer made: its rows, its timeout, and how the test answers it. */
    private static final String VERSION = "3";

    private record Call(float[][] rows, Duration timeout, UniEmitter<? super Inferred> emitter) {
        void answer() {
            emitter.complete(new Inferred(answerFor(marks(this)), VERSION));
        }
    }

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private Coalescer coalescer(int maxRows) {
        return new Coalescer(
                loop,
                maxRows,
                (rows, timeout) -> Uni.createFrom().emitter(emitter -> calls.add(new Call(rows, timeout, emitter))));
    }

    private <T> T onLoop(Callable<T> work) throws Exception {
        return loop.submit(work).get(10, TimeUnit.SECONDS);
    }

    /** Asks about rows marked with the given marks, on the loop; the answer arrives later. */
    private CompletableFuture<float[]> ask(Coalescer coalescer, Duration timeout, float... marks) throws Exception {
        return onLoop(() ->
                coalescer.infer(rows(marks), timeout).map(Inferred::values).subscribeAsCompletionStage());
    }

    private static float[][] rows(float... marks) {
        float[][] rows = new float[marks.length][ModelContract.PIXELS];
        for (int r = 0; r < marks.length; r++) {
            rows[r][0] = marks[r];
        }
        return rows;
    }

    private static float[] answerFor(float... marks) {
        float[] values = new float[marks.length * ModelContract.CLASSES];
        for (int r = 0; r < marks.length; r++) {
            for (int c = 0; c < ModelContract.CLASSES; c++) {
                values[r * ModelContract.CLASSES + c] = marks[r] * 100 + c;
            }
        }
        return values;
    }

    private static float[] marks(Call call) {
        float[] marks = new float[call.rows().length];
        for (int r = 0; r < marks.length; r++) {
            marks[r] = call.rows()[r][0];
        }
        return marks;
    }

    /** Does to the call what its service would, on the loop, as the call's answer would arrive. */
    private void onCall(int call, Consumer<Call> what) throws Exception {
        onLoop(() -> {
            what.accept(calls.get(call));
            return null;
        });
    }

    private void answer(int call) throws Exception {
        onCall(call, Call::answer);
    }

    private static Throwable failureOf(CompletableFuture<float[]> answer) throws Exception {
        return answer.handle((values, e) -> e).get(10, TimeUnit.SECONDS);
    }

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void aLoneRequestGoesOutAtOnce() throws Exception {
        Coalescer coalescer = coalescer(32);
        CompletableFuture<float[]> seven = ask(coalescer, SECOND, 7);
        assertEquals(1, onLoop(calls::size));
        answer(0);
        assertArrayEquals(answerFor(7), seven.get(10, TimeUnit.SECONDS));
    }

    @Test
    void requestsMadeWhileACallIsOutGoTogetherWhenItReturnsEachWithItsOwnAnswers() throws Exception {
        Coalescer coalescer = coalescer(32);
        CompletableFuture<float[]> first = ask(coalescer, SECOND, 1);
        CompletableFuture<float[]> second = ask(coalescer, SECOND, 2, 3);
        CompletableFuture<float[]> third = ask(coalescer, Duration.ofSeconds(5), 4);
        assertEquals(1, onLoop(calls::size), "the others wait while the first call is out");
        answer(0);
        assertArrayEquals(answerFor(1), first.get(10, TimeUnit.SECONDS));
        assertEquals(2, onLoop(calls::size));
        assertArrayEquals(new float[] {2, 3, 4}, marks(calls.get(1)), "the waiting rows, in the order asked");
        assertTrue(
                calls.get(1).timeout().compareTo(Duration.ofSeconds(4)) > 0, "the call waits for the latest deadline");
        answer(1);
        assertArrayEquals(answerFor(2, 3), second.get(10, TimeUnit.SECONDS));
        assertArrayEquals(answerFor(4), third.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCallCarriesAtMostMaxRowsAndALargerRequestGoesAlone() throws Exception {
        Coalescer coalescer = coalescer(4);
        ask(coalescer, SECOND, 1);
        CompletableFuture<float[]> pair = ask(coalescer, SECOND, 2, 3);
        CompletableFuture<float[]> nextPair = ask(coalescer, SECOND, 4, 5);
        CompletableFuture<float[]> large = ask(coalescer, SECOND, 6, 7, 8, 9, 10);
        answer(0);
        assertArrayEquals(new float[] {2, 3, 4, 5}, marks(calls.get(1)));
        answer(1);
        assertArrayEquals(new float[] {6, 7, 8, 9, 10}, marks(calls.get(2)));
        answer(2);
        assertArrayEquals(answerFor(2, 3), pair.get(10, TimeUnit.SECONDS));
        assertArrayEquals(answerFor(4, 5), nextPair.get(10, TimeUnit.SECONDS));
        assertArrayEquals(answerFor(6, 7, 8, 9, 10), large.get(10, TimeUnit.SECONDS));
        assertEquals(3, onLoop(calls::size));
    }

    @Test
    void aRequestThatStoppedWaitingIsNeverSent() throws Exception {
        Coalescer coalescer = coalescer(32);
        ask(coalescer, SECOND, 1);
        Cancellable left =
                onLoop(() -> coalescer.infer(rows(2), SECOND).subscribe().with(answer -> {}));
        CompletableFuture<float[]> stayed = ask(coalescer, SECOND, 3);
        left.cancel();
        answer(0);
        assertArrayEquals(new float[] {3}, marks(calls.get(1)));
        answer(1);
        assertArrayEquals(answerFor(3), stayed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFailedCallFailsItsCallersAndTheWaitingGoOutNext() throws Exception {
        Coalescer coalescer = coalescer(32);
        CompletableFuture<float[]> failed = ask(coalescer, SECOND, 1);
        CompletableFuture<float[]> waiting = ask(coalescer, SECOND, 2);
        onCall(0, call -> call.emitter().fail(new InferenceUnavailable("down")));
        assertInstanceOf(InferenceUnavailable.class, failureOf(failed));
        assertEquals(2, onLoop(calls::size));
        answer(1);
        assertArrayEquals(answerFor(2), waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAnswerOfTheWrongLengthFailsEveryCallerOfTheCall() throws Exception {
        Coalescer coalescer = coalescer(32);
        ask(coalescer, SECOND, 1);
        CompletableFuture<float[]> one = ask(coalescer, SECOND, 2);
        CompletableFuture<float[]> other = ask(coalescer, SECOND, 3);
        answer(0);
        onCall(1, call -> call.emitter().complete(new Inferred(new float[ModelContract.CLASSES], VERSION)));
        assertInstanceOf(InferenceUnavailable.class, failureOf(one));
        assertInstanceOf(InferenceUnavailable.class, failureOf(other));
    }

    @Test
    void everyCallerOfACallLearnsTheVersionThatAnsweredIt() throws Exception {
        Coalescer coalescer = coalescer(32);
        ask(coalescer, SECOND, 1);
        CompletableFuture<Inferred> second =
                onLoop(() -> coalescer.infer(rows(2), SECOND).subscribeAsCompletionStage());
        CompletableFuture<Inferred> third =
                onLoop(() -> coalescer.infer(rows(3), SECOND).subscribeAsCompletionStage());
        answer(0);
        answer(1);
        assertEquals(VERSION, second.get(10, TimeUnit.SECONDS).version());
        assertEquals(VERSION, third.get(10, TimeUnit.SECONDS).version());
    }

    @Test
    void aRequestMadeOffTheLoopJoinsOnIt() throws Exception {
        Coalescer coalescer = coalescer(32);
        ask(coalescer, SECOND, 1);
        CompletableFuture<float[]> offLoop =
                coalescer.infer(rows(2), SECOND).map(Inferred::values).subscribeAsCompletionStage();
        answer(0);
        assertArrayEquals(new float[] {2}, marks(onLoop(() -> calls.get(1))));
        answer(1);
        assertArrayEquals(answerFor(2), offLoop.get(10, TimeUnit.SECONDS));
    }
}
