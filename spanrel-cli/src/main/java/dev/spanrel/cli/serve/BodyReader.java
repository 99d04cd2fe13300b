package dev.spanrel.cli.serve;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body with non-blocking servlet I/O: no thread waits while a client is slow to send, and the
 * whole body must arrive before a deadline. A blocking read would let a few clients that send a byte every few
 * seconds hold every HTTP thread of the server.
 *
 * <p>The future fails with an {@link HttpError}: 413 for a body over the limit, 408 for one not complete by the
 * deadline, 400 for one cut short; {@link ClientGone} when the connection failed under the read.
 */
final class BodyReader implements ReadListener {
    /** The client's connection failed while its body was read: nobody is left to answer. */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("the client's connection failed while its body was read: " + cause, cause, false, false);
        }
    }

    private final ServletInputStream in;
    private final long maxBytes;
    private final long declaredBytes;
    private final ByteArrayOutputStream body;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final byte[] buffer = new byte[8192];

    private BodyReader(ServletInputStream in, long maxBytes, long declaredBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.declaredBytes = declaredBytes;
        this.body = new ByteArrayOutputStream((int) Math.min(Math.max(declaredBytes, 0), 64 * 1024));
    }

    /**
     * Starts reading the body of {@code request}, whose async context must be started; the future completes on
     * one of Jetty's threads or the timer's. Completing it from outside (on shutdown) abandons the read.
     */
    static CompletableFuture<byte[]> read(HttpServletRequest request, long maxBytes, long timeoutMillis,
            ScheduledExecutorService timer) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            return CompletableFuture.failedFuture(tooLarge(maxBytes));
        }
        BodyReader reader = new BodyReader(request.getInputStream(), maxBytes, declared);
        ScheduledFuture<?> deadline = timer.schedule(() -> reader.result.completeExceptionally(HttpError.closing(408,
                "the request body did not arrive within " + timeoutMillis + " ms")), timeoutMillis, TimeUnit.MILLISECONDS);
        reader.result.whenComplete((bytes, failure) -> deadline.cancel(false));
        reader.in.setReadListener(reader);
        return reader.result;
    }

    @Override
    public void onDataAvailable() throws IOException {
        // isReady() false means Jetty calls again when more has arrived; no thread is kept waiting.
        while (!result.isDone() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            if (body.size() + (long) n > maxBytes) {
                result.completeExceptionally(tooLarge(maxBytes));
                return;
            }
            body.write(buffer, 0, n);
        }
    }

    @Override
    public void onAllDataRead() {
        result.complete(body.toByteArray());
    }

    @Override
    public void onError(Throwable failure) {
        if (declaredBytes > body.size() && failure instanceof IOException) {
            // The client stopped sending (half-closed) before the length it announced; it may still read an answer.
            result.completeExceptionally(HttpError.closing(400, "the request body ended after " + body.size()
                    + " of the " + declaredBytes + " bytes its Content-Length announced"));
        } else {
            result.completeExceptionally(new ClientGone(failure));
        }
    }

    private static HttpError tooLarge(long maxBytes) {
        return HttpError.closing(413, "request body is larger than " + maxBytes + " bytes");
    }
}
