package dev.spanrel.cli.serve;

import dev.spanrel.cli.io.ResultJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own answers (a request it refuses before any handler sees it: URI or headers too long, a malformed
 * request line or URI, an unsupported HTTP version) as {@code {"error": ...}} JSON like every other error of the
 * service, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final int maxHeaderBytes;

    JsonErrorHandler(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** Requests rejected while they were parsed; no request object exists yet. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(json(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    /** Errors Jetty raises for a parsed request, e.g. an ambiguous or bad URI path. */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        byte[] body = json(code, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    String json(int status, String reason) {
        return ResultJson.error(message(status, reason)).toString();
    }

    private String message(int status, String reason) {
        return switch (status) {
            case 414 -> "the request URI is too long (at most " + maxHeaderBytes
                    + " bytes with the headers); send long texts in the body of POST /v1/extract";
            case 431 -> "the request headers are too large (at most " + maxHeaderBytes + " bytes)";
            case 505 -> "HTTP version not supported; use HTTP/1.1";
            case 400 -> reason == null || reason.isBlank() || reason.equals(HttpStatus.getMessage(400))
                    ? "bad request: the request line, its URI or a header is malformed"
                    : "bad request: " + reason;
            default -> {
                String name = HttpStatus.getMessage(status);
                yield reason == null || reason.isBlank() || reason.equals(name) ? name : name + ": " + reason;
            }
        };
    }
}
