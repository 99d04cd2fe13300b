package dev.spanrel;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared folder with the benchmark data, found as the build configures it (or next to the checkout). */
public final class SharedFolder {
    private SharedFolder() {}

    public static Path path() {
        String configured = System.getProperty("spanrel.shared", "");
        if (!configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (String candidate : new String[] {"../../shared", "../shared"}) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(p.resolve("data"))) {
                return p;
            }
        }
        throw new IllegalStateException("shared folder not found: set -Dspanrel.shared");
    }

    public static Path fixture(String name) {
        return path().resolve("fixtures").resolve(name);
    }

    public static Path data(String relative) {
        return path().resolve("data").resolve(relative);
    }
}
