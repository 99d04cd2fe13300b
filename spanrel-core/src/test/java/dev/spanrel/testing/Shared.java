package dev.spanrel.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared fixtures folder: system property {@code spanrel.shared}, else {@code ../../shared}. */
public final class Shared {
    private Shared() {}

    public static Path dir() {
        String prop = System.getProperty("spanrel.shared");
        Path p = prop != null && !prop.isBlank() ? Path.of(prop) : Path.of("../../shared");
        if (!Files.isDirectory(p)) {
            p = Path.of("../../shared");
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path fixture(String name) {
        return dir().resolve("fixtures").resolve(name);
    }
}
