package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The code version names the commit the classes were built from, whatever directory the process runs in. */
class ProvenanceTest {
    @Test
    void codeVersionIsTheCommitStampedAtBuildTime() {
        // Built from a git checkout (as in CI and development), the build must have stamped the classes.
        assumeTrue(Files.exists(Path.of("").toAbsolutePath().getParent().resolve(".git")), "not built from a git checkout");
        assertThat(Provenance.buildStamp()).hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{40}(-dirty)?"));
        assertThat(Provenance.codeVersion()).isEqualTo(Provenance.buildStamp().orElseThrow());
    }
}
