package dev.digitrecognizer.gateway.web;

import dev.digitrecognizer.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Serves the frontend's static files at / when gateway.frontend-dir is set (local runs). */
@ApplicationScoped
class FrontendRoutes {
    private static final Logger LOG = Logger.getLogger(FrontendRoutes.class);

    void install(@Observes Router router, GatewayConfig config) {
        config.frontendDir().ifPresent(dir -> {
            Path root = Path.of(dir).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("index.html"))) {
                LOG.warnf("gateway.frontend-dir %s has no index.html; not serving it", root);
                return;
            }
            router.routeWithRegex("^/(?!api/|q/).*")
                    .handler(StaticHandler.create(FileSystemAccess.ROOT, root.toString())
                            .setCachingEnabled(false)
                            .setIncludeHidden(false));
            LOG.infof("serving the frontend from %s", root);
        });
    }
}
