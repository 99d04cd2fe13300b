package dev.spanrel.cli.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} will not send: oversized URIs and
 * headers, bad versions, bodies that end early or arrive a byte at a time.
 */
final class RawHttp {
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** Sends {@code request} as is (plus {@code body}), half-closes, and reads the answer to the end. */
    static Response send(int port, String request, byte[] body) throws IOException {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return read(socket.getInputStream());
        }
    }

    static Response send(int port, String request) throws IOException {
        return send(port, request, new byte[0]);
    }

    /** Reads one answer: to the end of its Content-Length, or to the connection's end. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int n;
        while (headEnd < 0 && (n = in.read(buffer)) > 0) {
            all.write(buffer, 0, n);
            headEnd = all.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        }
        String raw = all.toString(StandardCharsets.ISO_8859_1);
        if (headEnd < 0) {
            throw new IOException("no complete answer: " + raw);
        }
        String[] lines = raw.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : -1;
        byte[] bytes = all.toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(bytes, headEnd + 4, bytes.length - headEnd - 4);
        try {
            while ((length < 0 || body.size() < length) && (n = in.read(buffer)) > 0) {
                body.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("answer incomplete after " + body.size() + " body bytes: " + raw, e);
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }
}
