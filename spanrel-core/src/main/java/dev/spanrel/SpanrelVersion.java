package dev.spanrel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of spanrel the running classes belong to, as the build wrote it into them (the project version of the
 * Maven build, e.g. {@code 0.1.0-SNAPSHOT}), so a command line, a result file and a jar never disagree about it.
 */
public final class SpanrelVersion {
    /** Written by resource filtering in spanrel-core's pom. */
    private static final String RESOURCE = "/dev/spanrel/spanrel-version.properties";
    private static final String VERSION = read();

    private SpanrelVersion() {}

    /**
     * The version of the build these classes come from.
     *
     * @return the Maven project version, or {@code "unknown"} for classes compiled outside the Maven build
     */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = SpanrelVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("spanrel.version", "").trim();
            // An unfiltered copy (an IDE that copies resources itself) still holds the placeholder.
            return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
