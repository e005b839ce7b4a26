package dev.digitrecognizer.gateway.web;

import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page as the gateway serves it in a local run: only what index.html loads, with nginx's headers. */
@QuarkusTest
@TestProfile(FrontendRoutesTest.ServingThePage.class)
class FrontendRoutesTest {
    private static final Path REPOSITORY =
            Path.of(System.getProperty("user.dir")).getParent();

    public static class ServingThePage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.frontend-dir", REPOSITORY.resolve("frontend").toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/favicon.svg", "/css/app.css", "/js/app.js", "/js/api.js"})
    void servesWhatThePageLoads(String path) {
        when().get(path).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/README.md", "/package.json", "/test/api.test.js", "/js/", "/css", "/.git/config"})
    void servesNoOtherFileOfTheFolder(String path) {
        when().get(path)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:digit-recognizer:problem:not-found"));
    }

    @Test
    void sendsTheSecurityHeadersNginxSends() throws IOException {
        Response page = when().get("/");
        Map<String, String> nginx = nginxHeaders();
        nginx.remove("Cache-Control");
        nginx.forEach((name, value) -> assertEquals(value, page.header(name), name));
        assertEquals(nginx.keySet(), PageHeaders.SECURITY.keySet());
    }

    @Test
    void cachesAssetsButRevalidatesThePage() {
        assertEquals("no-cache", when().get("/").header("Cache-Control"));
        assertEquals("public, max-age=3600", when().get("/js/app.js").header("Cache-Control"));
    }

    /** Every {@code add_header Name "value" always;} of the nginx config the containers run. */
    private static Map<String, String> nginxHeaders() throws IOException {
        String template = Files.readString(REPOSITORY.resolve("deploy/nginx/default.conf.template"));
        Matcher header =
                Pattern.compile("add_header ([\\w-]+) \"([^\"]*)\" always;").matcher(template);
        Map<String, String> headers = new LinkedHashMap<>();
        while (header.find()) {
            headers.put(header.group(1), header.group(2));
        }
        return headers;
    }
}
