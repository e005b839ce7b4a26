package dev.digitrecognizer.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gRPC infer answer is written from the call's event loop, not from the batcher's thread that
 * finished the batch: from there its headers, message and trailers would each wake the loop.
 */
@QuarkusTest
@ExtendWith(AwaitReady.class)
class GrpcAnswerThreadTest {
    @Inject
    AnswerThreads threads;

    @Test
    void everyInferAnswerIsWrittenFromAnEventLoop() throws InterruptedException {
        threads.clear();
        try (Grpc grpc = new Grpc()) {
            for (int i = 0; i < 10; i++) {
                grpc.stub().modelInfer(Grpc.request("cnn", true, 7).build());
            }
        }
        List<String> written = threads.infer();
        assertEquals(10, written.size(), "answers seen: " + written);
        assertTrue(
                written.stream().allMatch(name -> name.startsWith("vert.x-eventloop-thread")),
                "written from " + written);
    }
}
