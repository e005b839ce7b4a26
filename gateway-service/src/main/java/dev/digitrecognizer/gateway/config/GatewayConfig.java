package dev.digitrecognizer.gateway.config;

import dev.digitrecognizer.preprocessing.Preprocessor;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Largest accepted image file, after base64 decoding. */
    @WithDefault("" + Preprocessor.DEFAULT_MAX_BYTES)
    long maxImageBytes();

    /** Largest accepted width x height, checked from the header before decoding. */
    @WithDefault("" + Preprocessor.DEFAULT_MAX_PIXELS)
    long maxImagePixels();

    /** The models the API offers; each must be served by the inference service. */
    @WithDefault("cnn,mlp,scratch")
    List<String> models();

    @WithDefault("cnn")
    String defaultModel();

    /** A folder of static files (the frontend) to serve at /; unset in containers, where nginx serves it. */
    Optional<String> frontendDir();

    /**
     * How long a client may take to send a request body. The body is read on the event loop, so a
     * slow client holds no worker thread; past this it gets 408 and its connection is closed.
     */
    @WithDefault("10s")
    Duration bodyTimeout();

    /** Largest request body: a base64 image in JSON, with room for the JSON around it. */
    default long maxBodyBytes() {
        return maxImageBytes() * 4 / 3 + 64 * 1024;
    }
}
