package dev.spanrel.cli.serve;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids of the HTTP service: the client's {@code X-Request-Id} when it is a plain token (so a caller can
 * follow its own ids into the server's log), otherwise a fresh random one. Either way it is echoed in the answer.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    /** No spaces or control characters: the id goes into log lines and a header verbatim. */
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._:/+=@-]{1,128}");

    private RequestIds() {}

    static String of(String given) {
        return given != null && PLAIN_TOKEN.matcher(given).matches() ? given : generate();
    }

    static String generate() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
