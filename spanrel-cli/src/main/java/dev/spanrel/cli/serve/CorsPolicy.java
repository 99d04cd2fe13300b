package dev.spanrel.cli.serve;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may call the service from their pages (off unless {@code serve --cors-origin} names
 * some): answers to an allowed {@code Origin} carry {@code Access-Control-Allow-Origin}, and preflight requests
 * are answered. Everyone else's pages are left to the browser's same-origin rule.
 */
final class CorsPolicy {
    static final CorsPolicy NONE = new CorsPolicy(Set.of());
    private static final String ANY = "*";

    private final Set<String> origins;

    private CorsPolicy(Set<String> origins) {
        this.origins = origins;
    }

    /** Origins as {@code scheme://host[:port]}, or {@code *} for any; raises IllegalArgumentException otherwise. */
    static CorsPolicy allowing(List<String> origins) {
        return new CorsPolicy(origins.stream().map(CorsPolicy::checkedOrigin).collect(Collectors.toUnmodifiableSet()));
    }

    private static String checkedOrigin(String origin) {
        if (origin.equals(ANY)) {
            return origin;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean plain = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (plain) {
                return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("a CORS origin is scheme://host[:port] (e.g. https://app.example.org) or *, not \""
                + origin + "\"");
    }

    boolean enabled() {
        return !origins.isEmpty();
    }

    private boolean allows(String origin) {
        return origin != null && (origins.contains(ANY) || origins.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /** Lets a page of an allowed origin read this answer and its request id. */
    void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (!enabled()) {
            return;
        }
        ctx.header("Vary", "Origin");
        if (allows(origin)) {
            ctx.header("Access-Control-Allow-Origin", origins.contains(ANY) ? ANY : origin);
            ctx.header("Access-Control-Expose-Headers", RequestIds.HEADER + ", Retry-After");
        }
    }

    /** The answer to a preflight {@code OPTIONS} from an allowed origin: which methods and headers it may send. */
    void preflight(Context ctx, String allowedMethods) {
        if (allows(ctx.header("Origin")) && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", allowedMethods);
            ctx.header("Access-Control-Allow-Headers", "Content-Type, " + RequestIds.HEADER);
            ctx.header("Access-Control-Max-Age", "600");
        }
    }
}
