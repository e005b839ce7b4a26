package dev.digitrecognizer.inference;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitrecognizer.fixtures.ServedModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** version_policy picks the version folders served, and instance_group the workers of each. */
@QuarkusTest
@ExtendWith(AwaitReady.class)
@TestProfile(VersionPolicyTest.Policies.class)
class VersionPolicyTest {
    private static final String SOURCE = ServedModels.digitModels().get(0);

    public static class Policies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TempRepository repository = TempRepository.create();
            model(repository, "all", "version_policy: { all: {} }", 1, 2);
            model(repository, "specific", "version_policy: { specific: { versions: [ 1 ] } }", 1, 2);
            model(repository, "latest", "version_policy: { latest: { num_versions: 2 } }", 1, 2, 3);
            model(repository, "default", "", 1, 2);
            model(repository, "missing", "version_policy: { specific: { versions: [ 5 ] } }", 1);
            model(repository, "instances", "instance_group [ { count: 3 kind: KIND_CPU } ]", 1);
            return Map.of("inference.model-repository", repository.root().toString(), "inference.warmup-runs", "1");
        }

        private static void model(TempRepository repository, String name, String extra, long... versions) {
            repository.config(name, TempRepository.committedConfig(SOURCE, name) + extra + "\n");
            for (long version : versions) {
                repository.version(name, version, SOURCE);
            }
        }
    }

    @Test
    void allServesEveryVersionAndTheHighestAnswersUnversionedRequests() {
        when().get("/v2/models/all").then().body("versions", equalTo(List.of("1", "2")));
        infer("/v2/models/all/versions/1/infer").then().statusCode(200).body("model_version", equalTo("1"));
        infer("/v2/models/all/infer").then().statusCode(200).body("model_version", equalTo("2"));
    }

    @Test
    void specificServesOnlyTheNamedVersions() {
        when().get("/v2/models/specific").then().body("versions", equalTo(List.of("1")));
        when().get("/v2/models/specific/versions/2/ready")
                .then()
                .statusCode(404)
                .body("error", equalTo("model 'specific' has no version '2'"));
    }

    @Test
    void latestServesTheHighestVersions() {
        when().get("/v2/models/latest").then().body("versions", equalTo(List.of("2", "3")));
    }

    @Test
    void withoutAPolicyOnlyTheHighestVersionIsServed() {
        when().get("/v2/models/default").then().body("versions", equalTo(List.of("2")));
    }

    @Test
    void aPolicyNamingAVersionWithoutAFolderIsReported() {
        given().post("/v2/repository/index")
                .then()
                .body("find { it.name == 'missing' }.state", equalTo("UNAVAILABLE"))
                .body(
                        "find { it.name == 'missing' }.reason",
                        equalTo("config.pbtxt: version_policy names version 5, which has no folder"));
    }

    @Test
    void instanceGroupCountIsTheNumberOfWorkers() {
        long workers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("batcher-instances-1-"))
                .count();
        assertEquals(3, workers);
    }

    private static io.restassured.response.Response infer(String path) {
        return given().contentType(ContentType.JSON).body(Digits.request(0)).post(path);
    }
}
