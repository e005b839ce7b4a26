package dev.digitrecognizer.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The headers the page is sent with, the same as nginx's (deploy/nginx/default.conf.template) so the
 * page behaves alike in a local run and in containers; PageHeadersTest checks the two agree.
 */
final class PageHeaders {
    /** Every response, as nginx's add_header ... always. */
    static final Map<String, String> SECURITY = security();

    /** nginx's Cache-Control map: static assets for an hour, the page itself revalidated every time. */
    private static final Pattern ASSET = Pattern.compile("(?i).*\\.(?:js|css|svg|png|ico|woff2?)$");

    private PageHeaders() {}

    private static Map<String, String> security() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put(
                "Permissions-Policy",
                "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
        return Map.copyOf(headers);
    }

    static String cacheControl(String path) {
        return ASSET.matcher(path).matches() ? "public, max-age=3600" : "no-cache";
    }
}
