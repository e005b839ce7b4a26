package dev.digitrecognizer.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.digitrecognizer.deploy.support.Dashboard;
import dev.digitrecognizer.deploy.support.Docker;
import dev.digitrecognizer.deploy.support.Processes;
import dev.digitrecognizer.mnist.Mnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The compose stack users run, from the same file and images built from this repository, on a
 * real Docker engine: the page in Chromium through nginx's published port, the hardening seen from
 * inside each container, faults under load (a killed and restarted inference, SIGTERM to each Java
 * service, a crashed gateway), the inference-down alert in the real Prometheus, every query of
 * the Grafana dashboard answered with data, and feedback kept in PostgreSQL across a restart of
 * every container. The faults leave every service healthy again, so the tests run in the order
 * given and each starts from a healthy stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int CLIENTS = 16;
    private static final Duration HEALTHY = Duration.ofMinutes(2);

    private static ComposeStack stack;

    @BeforeAll
    static void up() {
        stack = ComposeStack.up();
    }

    @AfterAll
    static void down() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void aDigitAndANumberDrawnOnThePageAreReadThroughNginx() throws IOException {
        ChromeDriver driver = Browser.start(1280, 1000);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(stack.page().toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pad")));
            Pad.digit(driver).seven(70);
            assertEquals("7", Shown.digit(wait));

            wait.until(ExpectedConditions.elementToBeClickable(By.id("mode-number")))
                    .click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("number-pad")));
            Pad pad = Pad.number(driver);
            pad.one(150);
            pad.seven(300);
            pad.zero(610, 55, 90);
            driver.findElement(By.id("number-read")).click();
            assertEquals("170", Shown.number(wait, 3));
            Browser.screenshot(driver, "compose-number");
        } finally {
            driver.quit();
        }
    }

    @Test
    @Order(2)
    void everyServiceRunsAsNonRootWithAReadOnlyRootAndNoCapabilities() {
        for (String service : ComposeStack.SERVICES) {
            String id = stack.container(service);
            assertNotEquals("0", Docker.run("exec", id, "id", "-u"), service + " runs as root");
            Processes.Result write = Docker.exec("exec", id, "sh", "-c", "echo x > /written-by-test");
            assertNotEquals(0, write.exitCode(), service + ": its root filesystem is writable");
            assertTrue(write.stderr().contains("Read-only file system"), service + ": " + write.stderr());
            Map<String, String> status = procStatus(id);
            for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
                assertEquals("0000000000000000", status.get(set), service + " keeps capabilities in " + set);
            }
            assertEquals("1", status.get("NoNewPrivs"), service + " may gain privileges");
        }
    }

    @Test
    @Order(3)
    void killingInferenceUnderLoadAnswers503WithRetryAfterAndRaisesTheAlert() {
        Load load = startLoad();
        long killed = System.nanoTime();
        Docker.run("kill", stack.container("inference"));
        ComposeStack.sleep(Duration.ofSeconds(5));
        List<Load.Outcome> outcomes = load.stop();
        assertEveryAnswer(
                outcomes, o -> o.answered() || o.refusedPolitely(), "200, or 503 problem+json with Retry-After");
        assertTrue(
                outcomes.stream().anyMatch(o -> o.sentAfter(killed) && o.refusedPolitely()),
                "nothing was refused while inference was down");

        System.out.printf("inference killed under %d clients: %s%n", CLIENTS, summary(outcomes));
        String state = awaitAlert("InferenceDown", Duration.ofSeconds(90));
        assertTrue(state.equals("pending") || state.equals("firing"), state);

        Docker.run("start", stack.container("inference"));
        stack.awaitHealthy("inference", HEALTHY);
        long healthy = System.nanoTime();
        Load again = startLoad();
        ComposeStack.sleep(Duration.ofSeconds(15));
        List<Load.Outcome> after = again.stop();
        assertTrue(
                after.stream()
                        .anyMatch(o -> o.answered()
                                && o.sentNanos() - healthy
                                        < Duration.ofSeconds(15).toNanos()),
                "no 200 within 15 s of inference being healthy: " + summary(after));
        assertEveryAnswer(after, o -> o.answered() || o.refusedPolitely(), "200, or 503 problem+json with Retry-After");
    }

    @Test
    @Order(4)
    void sigtermToTheGatewayAnswersEveryRequestInFlight() {
        drainsOnSigterm("gateway");
    }

    @Test
    @Order(5)
    void sigtermToInferenceAnswersEveryRequestInFlight() {
        drainsOnSigterm("inference");
    }

    @Test
    @Order(6)
    void aCrashedGatewayIsBroughtBackByItsRestartPolicy() {
        String id = stack.container("gateway");
        int restarts = Integer.parseInt(Docker.run("inspect", "-f", "{{.RestartCount}}", id));
        // docker kill counts as a stop by hand, which a restart policy leaves alone; a crash is
        // the process dying, as the kernel's OOM killer or a fatal error kills it.
        String pid = Docker.run("inspect", "-f", "{{.State.Pid}}", id);
        Processes.Result kill = Processes.run(List.of("kill", "-KILL", pid), Map.of(), null, Duration.ofSeconds(10));
        assertEquals(0, kill.exitCode(), "cannot kill the gateway's process (root is needed): " + kill.stderr());
        long deadline = System.nanoTime() + HEALTHY.toNanos();
        while (Integer.parseInt(Docker.run("inspect", "-f", "{{.RestartCount}}", id)) == restarts) {
            assertTrue(System.nanoTime() < deadline, "the gateway was not restarted");
            ComposeStack.sleep(Duration.ofMillis(200));
        }
        stack.awaitHealthy("gateway", HEALTHY);
        Load load = startLoad();
        ComposeStack.sleep(Duration.ofSeconds(2));
        List<Load.Outcome> outcomes = load.stop();
        assertEveryAnswer(outcomes, Load.Outcome::answered, "200 once the gateway is back");
    }

    @Test
    @Order(7)
    void prometheusScrapesBothServicesAndEveryDashboardQueryHasData() {
        List<Load.Outcome> traffic = new ArrayList<>();
        for (String path : List.of("predict", "compare", "number")) {
            traffic.add(Load.post(stack.api(path), drawing(3)));
        }
        traffic.add(Load.post(stack.api("predict"), "{\"image\": \"data:image/png;base64,AAAA\"}"));
        // feedback on the comparison: the live-accuracy and confusion panels count it
        String compared = answerId(traffic.get(1));
        traffic.add(untilNot503(() -> feedback(compared, Api.mnist().labels()[3])));
        assertEquals(
                List.of(200, 200, 200, 400, 201),
                traffic.stream().map(Load.Outcome::status).toList(),
                summary(traffic));

        Map<String, String> empty = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        do {
            empty.clear();
            for (String job : List.of("gateway", "inference")) {
                String up = "up{job=\"" + job + "\"} == 1";
                if (prometheusQuery(up).isEmpty()) {
                    empty.put(up, "not scraped");
                }
            }
            for (String expression : Dashboard.expressions()) {
                String promql = asPromQl(expression);
                if (prometheusQuery(promql).isEmpty()) {
                    empty.put(promql, "no data");
                }
            }
            if (!empty.isEmpty()) {
                ComposeStack.sleep(Duration.ofSeconds(3));
            }
        } while (!empty.isEmpty() && System.nanoTime() < deadline);
        assertEquals(Map.of(), empty, "queries without data after traffic");
    }

    /**
     * Feedback lives in PostgreSQL's volume, not in any container: after every container of the
     * stack is restarted, the export still holds the drawing, and the answer still has its one
     * feedback. (The gateway keeps nothing: the answer travels in its signed id.)
     */
    @Test
    @Order(8)
    void feedbackSurvivesARestartOfEveryContainer() throws IOException {
        int index = 5;
        int label = Api.mnist().labels()[index];
        JsonNode answer = JSON.readTree(
                answered(Load.post(stack.api("predict"), drawing(index))).body());
        String id = answer.path("id").asText();
        assertTrue(!id.isEmpty(), "the answer carries no id: " + answer);
        int[] input = pixels(answer.path("input").asText());
        Load.Outcome given = untilNot503(() -> feedback(id, label));
        assertEquals(201, given.status(), given.toString());

        stack.restartAll();
        awaitAnswers();

        Export export = awaitExport();
        assertTrue(
                export.holds(input, label),
                "the export's " + export.labels().length + " drawings do not hold the one given feedback,"
                        + " labelled " + label);
        Load.Outcome again = untilNot503(() -> feedback(id, label));
        assertEquals(409, again.status(), again.toString());
        assertEquals(
                "urn:digit-recognizer:problem:feedback-exists",
                JSON.readTree(again.body()).path("type").asText(),
                again.toString());
    }

    /** The training export: every labelled drawing, as MNIST's IDX files. */
    private record Export(byte[][] images, int[] labels) {
        /** Whether a drawing of these pixels (to within one grey level of rounding) has this label. */
        boolean holds(int[] pixels, int label) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == label && sameDrawing(images[i], pixels)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean sameDrawing(byte[] image, int[] pixels) {
            for (int p = 0; p < pixels.length; p++) {
                if (Math.abs(Byte.toUnsignedInt(image[p]) - pixels[p]) > 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /** GET the export through nginx with the stack's admin token, again while the gateway answers 503. */
    private static Export awaitExport() throws IOException {
        HttpResponse<byte[]> response = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            if (response != null) {
                ComposeStack.sleep(Duration.ofSeconds(1));
            }
            try {
                response = HTTP.send(
                        HttpRequest.newBuilder(stack.api("feedback/export"))
                                .header("Authorization", "Bearer " + stack.adminToken())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (response.statusCode() == 503 && System.nanoTime() < deadline);
        HttpResponse<byte[]> last = response;
        assertEquals(200, last.statusCode(), () -> new String(last.body(), StandardCharsets.UTF_8));
        assertEquals(
                "application/zip", last.headers().firstValue("Content-Type").orElse(""));
        Map<String, byte[]> files = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(last.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertEquals(
                List.of("feedback-images-idx3-ubyte", "feedback-labels-idx1-ubyte"),
                List.copyOf(files.keySet()),
                "the export's files");
        DataInputStream images = new DataInputStream(new ByteArrayInputStream(files.get("feedback-images-idx3-ubyte")));
        DataInputStream labels = new DataInputStream(new ByteArrayInputStream(files.get("feedback-labels-idx1-ubyte")));
        assertEquals(0x803, images.readInt(), "images magic");
        assertEquals(0x801, labels.readInt(), "labels magic");
        int count = images.readInt();
        assertEquals(count, labels.readInt(), "as many labels as images");
        assertEquals(List.of(Mnist.SIDE, Mnist.SIDE), List.of(images.readInt(), images.readInt()), "rows, columns");
        Export export = new Export(new byte[count][Mnist.PIXELS], new int[count]);
        for (int i = 0; i < count; i++) {
            images.readFully(export.images()[i]);
            export.labels()[i] = labels.readUnsignedByte();
        }
        return export;
    }

    /** POST /api/v1/feedback through nginx. */
    private static Load.Outcome feedback(String id, int label) {
        try {
            return Load.post(stack.api("feedback"), JSON.writeValueAsString(Map.of("id", id, "label", label)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks again while the answer is a 503 (the gateway reconnecting to its database), for up to 60 s. */
    private static Load.Outcome untilNot503(Supplier<Load.Outcome> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Load.Outcome outcome = call.get();
        while (outcome.status() == 503 && System.nanoTime() < deadline) {
            ComposeStack.sleep(Duration.ofSeconds(1));
            outcome = call.get();
        }
        return outcome;
    }

    private static Load.Outcome answered(Load.Outcome outcome) {
        assertTrue(outcome.answered(), "not answered: " + outcome);
        return outcome;
    }

    private static String answerId(Load.Outcome outcome) {
        try {
            return JSON.readTree(answered(outcome).body()).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The grey levels of the 28x28 input an answer shows, as a PNG data URL (white ink on black, as MNIST). */
    private static int[] pixels(String dataUrl) throws IOException {
        BufferedImage image = ImageIO.read(
                new ByteArrayInputStream(Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1))));
        int[] pixels = new int[Mnist.PIXELS];
        image.getRaster().getPixels(0, 0, Mnist.SIDE, Mnist.SIDE, pixels);
        return pixels;
    }

    /**
     * Under load, SIGTERM to the service: every request in flight at the signal is answered whole,
     * and the others are answered 200 or refused with a 503 problem (from the draining service or,
     * once it is gone, from nginx), never an HTML page or a cut-off body.
     */
    private static void drainsOnSigterm(String service) {
        Load load = startLoad();
        long signalled = System.nanoTime();
        Docker.run("kill", "-s", "TERM", stack.container(service));
        int exit = stack.awaitExit(service, Duration.ofSeconds(40));
        List<Load.Outcome> outcomes = load.stop();
        List<Load.Outcome> inFlight =
                outcomes.stream().filter(o -> o.inFlightAt(signalled)).toList();
        assertTrue(inFlight.size() >= CLIENTS / 2, "too few requests in flight at the signal: " + inFlight.size());
        assertEveryAnswer(inFlight, Load.Outcome::answered, "200 for every request in flight at the signal");
        assertEveryAnswer(
                outcomes, o -> o.answered() || o.refusedPolitely(), "200, or 503 problem+json with Retry-After");
        assertTrue(stack.logs(service).contains("drained: the "), service + " did not log its drain");
        assertEquals(143, exit, service + " exit code after SIGTERM");
        System.out.printf(
                "SIGTERM to %s under %d clients: %d requests in flight at the signal, all answered 200; all answers: %s%n",
                service, CLIENTS, inFlight.size(), summary(outcomes));

        Docker.run("start", stack.container(service));
        stack.awaitHealthy(service, HEALTHY);
        if (!service.equals("gateway")) {
            stack.awaitHealthy("gateway", HEALTHY);
        }
        awaitAnswers();
    }

    /** Load through nginx, once a first request has been answered 200. */
    private static Load startLoad() {
        awaitAnswers();
        Load load = Load.start(stack.api("predict"), drawing(7), CLIENTS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (load.outcomes().stream().filter(Load.Outcome::answered).count() < CLIENTS) {
            if (System.nanoTime() > deadline) {
                fail("load never got going: " + summary(load.stop()));
            }
            ComposeStack.sleep(Duration.ofMillis(50));
        }
        return load;
    }

    /** Waits until a prediction through nginx is answered 200 (the gateway's breaker and channels recover). */
    private static void awaitAnswers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Load.Outcome last;
        do {
            last = Load.post(stack.api("predict"), drawing(7));
            if (last.answered()) {
                return;
            }
            ComposeStack.sleep(Duration.ofMillis(250));
        } while (System.nanoTime() < deadline);
        fail("no 200 through nginx within 60 s; last answer: " + last);
    }

    private static void assertEveryAnswer(List<Load.Outcome> outcomes, Predicate<Load.Outcome> rule, String what) {
        List<Load.Outcome> broken = outcomes.stream().filter(rule.negate()).toList();
        if (!broken.isEmpty()) {
            fail(broken.size() + " of " + outcomes.size() + " answers are not " + what + ": " + summary(broken));
        }
    }

    /** The answers counted by kind, for a failure message. */
    private static String summary(List<Load.Outcome> outcomes) {
        Map<String, Long> kinds = outcomes.stream()
                .collect(Collectors.groupingBy(
                        o -> o.status() == 200 ? "200" : o.toString(), TreeMap::new, Collectors.counting()));
        return kinds.toString();
    }

    /** A predict request body: MNIST test image {@code index} drawn on a canvas. */
    private static String drawing(int index) {
        try {
            return JSON.writeValueAsString(Map.of("image", Api.canvas(index)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state of the alert in the real Prometheus, once it is pending or firing. */
    private static String awaitAlert(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode alert : prometheusGet("/api/v1/alerts").path("alerts")) {
                if (name.equals(alert.path("labels").path("alertname").asText())) {
                    return alert.path("state").asText();
                }
            }
            ComposeStack.sleep(Duration.ofSeconds(1));
        }
        return fail("Prometheus did not raise " + name + " within " + timeout);
    }

    private static JsonNode prometheusQuery(String promql) {
        return prometheusGet("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("result");
    }

    private static JsonNode prometheusGet(String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(stack.prometheus(path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("success", body.path("status").asText(), path + ": " + response.body());
            return body.path("data");
        } catch (IOException e) {
            throw new AssertionError("Prometheus does not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A dashboard query as Grafana would send it: its variables filled in, label_values as the metric. */
    private static String asPromQl(String expression) {
        String promql = expression.replaceAll("\\$__[a-z_]+", "10m").replace("$model", ".*");
        if (promql.startsWith("label_values(")) {
            promql = promql.substring("label_values(".length(), promql.indexOf(','));
        }
        return promql;
    }

    private static Map<String, String> procStatus(String container) {
        Map<String, String> fields = new TreeMap<>();
        for (String line :
                Docker.run("exec", container, "cat", "/proc/1/status").split("\n")) {
            String[] parts = line.split(":\\s*", 2);
            if (parts.length == 2) {
                fields.put(parts[0], parts[1].strip());
            }
        }
        return fields;
    }
}
