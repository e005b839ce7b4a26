package dev.digitrecognizer.gateway.web;

import dev.digitrecognizer.gateway.api.Problem;
import dev.digitrecognizer.gateway.config.GatewayConfig;
import dev.digitrecognizer.gateway.metrics.GatewayMetrics;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Serves the page at / when gateway.frontend-dir is set (local runs): only the files index.html
 * loads, never the rest of the folder (its README, package.json, tests), with nginx's headers.
 */
@ApplicationScoped
class FrontendRoutes {
    private static final Logger LOG = Logger.getLogger(FrontendRoutes.class);

    /** index.html and what it loads: favicon.svg, css/*.css, js/*.js (the modules app.js imports). */
    static final Pattern PAGE_FILES =
            Pattern.compile("^/(?:|index\\.html|favicon\\.svg|css/[A-Za-z0-9_-]+\\.css|js/[A-Za-z0-9_-]+\\.js)$");

    void install(@Observes Router router, GatewayConfig config, GatewayMetrics metrics) {
        config.frontendDir().ifPresent(dir -> {
            Path root = Path.of(dir).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("index.html"))) {
                LOG.warnf("gateway.frontend-dir %s has no index.html; not serving it", root);
                return;
            }
            router.routeWithRegex("^/(?!api/|q/).*")
                    .handler(ctx -> {
                        String path = ctx.normalizedPath();
                        PageHeaders.SECURITY.forEach(ctx.response()::putHeader);
                        if (!PAGE_FILES.matcher(path).matches()) {
                            notFound(ctx, metrics);
                            return;
                        }
                        ctx.response()
                                .putHeader(
                                        "Cache-Control",
                                        PageHeaders.cacheControl(path.equals("/") ? "/index.html" : path));
                        ctx.next();
                    })
                    .handler(StaticHandler.create(FileSystemAccess.ROOT, root.toString())
                            .setCachingEnabled(false)
                            .setIncludeHidden(false)
                            .setDirectoryListing(false))
                    .handler(ctx -> notFound(ctx, metrics));
            LOG.infof("serving the frontend from %s", root);
        });
    }

    private static void notFound(RoutingContext ctx, GatewayMetrics metrics) {
        Problem problem = Problem.of(404, "not-found", "Not found", "There is nothing at this address.");
        metrics.rejected(problem.reason());
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Cache-Control", "no-cache")
                .end(Json.encode(problem));
    }
}
