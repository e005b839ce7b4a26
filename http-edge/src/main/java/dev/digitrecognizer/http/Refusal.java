package dev.digitrecognizer.http;

/**
 * Why a request was refused before any resource saw it, with a sentence for the client. Each
 * service words it in its own error format; the status and the connection's close are fixed here.
 */
public record Refusal(Kind kind, String detail) {

    public enum Kind {
        BAD_FRAMING(400, "bad-framing", "Malformed request"),
        REQUEST_TIMEOUT(408, "request-timeout", "Request timeout"),
        TOO_LARGE(413, "too-large", "Request too large"),
        URI_TOO_LONG(414, "uri-too-long", "URI too long"),
        HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
        SHUTTING_DOWN(503, "shutting-down", "Service shutting down");

        private final int status;
        private final String slug;
        private final String title;

        Kind(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }

        /** Kebab-case, for a problem type; the metrics reason is the same with underscores. */
        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }
    }

    public int status() {
        return kind.status();
    }
}
