package dev.digitrecognizer.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks what a request's head says about its framing and size, before its body is read. Netty's
 * codec is configured with looser ceilings than these, so that the usual oversized request reaches
 * this check and gets an answer with a body instead of the codec's bare status line.
 *
 * <p>Transfer-Encoding other than exactly {@code chunked}, or together with Content-Length, is
 * refused (RFC 9112 section 6.1): a proxy and this server could disagree on where the body ends,
 * which is how requests are smuggled. Such a refusal closes the connection, so nothing sent after it
 * on the same connection is answered.
 */
public final class Framing {
    /** The longest request line, as nginx's default large_client_header_buffers allow. */
    public static final int MAX_REQUEST_LINE = 8 * 1024;
    /** All header lines together. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    private static final int HEADER_LINE_OVERHEAD = ": \r\n".length();
    private static final int REQUEST_LINE_OVERHEAD = "  HTTP/1.1".length();

    private Framing() {}

    public static Optional<Refusal> check(String method, String uri, Iterable<Map.Entry<String, String>> headers) {
        if (method.length() + uri.length() + REQUEST_LINE_OVERHEAD > MAX_REQUEST_LINE) {
            return Optional.of(new Refusal(
                    Refusal.Kind.URI_TOO_LONG,
                    "The request's address is longer than " + MAX_REQUEST_LINE + " bytes; send the data in the body."));
        }
        long headerBytes = 0;
        String transferEncoding = null;
        boolean contentLength = false;
        for (Map.Entry<String, String> header : headers) {
            headerBytes += header.getKey().length() + header.getValue().length() + HEADER_LINE_OVERHEAD;
            if (header.getKey().equalsIgnoreCase("transfer-encoding")) {
                transferEncoding =
                        transferEncoding == null ? header.getValue() : transferEncoding + "," + header.getValue();
            } else if (header.getKey().equalsIgnoreCase("content-length")) {
                contentLength = true;
            }
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return Optional.of(new Refusal(
                    Refusal.Kind.HEADERS_TOO_LARGE,
                    "The request's headers are larger than " + MAX_HEADER_BYTES + " bytes together."));
        }
        if (transferEncoding != null && !isChunked(transferEncoding)) {
            return Optional.of(new Refusal(
                    Refusal.Kind.BAD_FRAMING,
                    "The request's Transfer-Encoding must be chunked, or the body sent with a Content-Length."));
        }
        if (transferEncoding != null && contentLength) {
            return Optional.of(new Refusal(
                    Refusal.Kind.BAD_FRAMING,
                    "The request has both Transfer-Encoding and Content-Length; send one of them."));
        }
        return Optional.empty();
    }

    private static boolean isChunked(String transferEncoding) {
        return List.of(transferEncoding.split(",")).stream()
                .map(coding -> coding.strip().toLowerCase(Locale.ROOT))
                .toList()
                .equals(List.of("chunked"));
    }
}
