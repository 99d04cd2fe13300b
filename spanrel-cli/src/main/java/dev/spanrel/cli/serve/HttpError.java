package dev.spanrel.cli.serve;

/**
 * A request the server answers with a status other than 200 and {@code {"error": message}}: the client's mistake
 * (4xx) or the server's refusal to take more (503). Never logged as a failure of the server.
 */
final class HttpError extends RuntimeException {
    private final int status;
    private final int retryAfterSeconds;
    private final boolean closeConnection;

    private HttpError(int status, String message, int retryAfterSeconds, boolean closeConnection) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.closeConnection = closeConnection;
    }

    HttpError(int status, String message) {
        this(status, message, 0, false);
    }

    /** A 503 that tells the client when to try again. */
    static HttpError unavailable(String message, int retryAfterSeconds) {
        return new HttpError(503, message, retryAfterSeconds, false);
    }

    /** An answer after which the connection is closed, because the rest of the request body was never read. */
    static HttpError closing(int status, String message) {
        return new HttpError(status, message, 0, true);
    }

    int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header; 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    boolean closeConnection() {
        return closeConnection;
    }
}
