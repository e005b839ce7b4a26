package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.equalTo;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With {@code inference.ready-when=any-model}, one served model makes the server ready despite a broken one. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(ReadyWhenAnyModelTest.AnyModel.class)
class ReadyWhenAnyModelTest {
    private static final String SOURCE = ServedModels.digitModels().get(0);

    public static class AnyModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.create();
            repository
                    .config("good", TempRepository.committedConfig(SOURCE, "good"))
                    .version("good", 1, SOURCE);
            repository
                    .config("broken", TempRepository.committedConfig(SOURCE, "broken"))
                    .corruptVersion("broken", 1);
            return Map.of(
                    "inference.model-repository",
                    repository.root().toString(),
                    "inference.ready-when",
                    "any-model",
                    "inference.warmup-runs",
                    "1");
        }
    }

    @Test
    void theServerIsReadyWhileOneModelIsServed() {
        when().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theBrokenModelIsStillNotReady() {
        when().get("/v2/models/broken/ready").then().statusCode(503);
        when().get("/v2/models/good/ready").then().statusCode(200);
    }
}
