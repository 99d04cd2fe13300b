package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The code version names the commit the classes were built from, whatever directory the process runs in; the CPU is named. */
class ProvenanceTest {
    @Test
    void codeVersionIsTheCommitStampedAtBuildTime() {
        // Built from a git checkout (as in CI and development), the build must have stamped the classes.
        assumeTrue(Files.exists(Path.of("").toAbsolutePath().getParent().resolve(".git")), "not built from a git checkout");
        assertThat(Provenance.buildStamp()).hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{40}(-dirty)?"));
        assertThat(Provenance.codeVersion()).isEqualTo(Provenance.buildStamp().orElseThrow());
    }

    @Test
    void aRunRecordsTheCpuItRanOn() {
        com.fasterxml.jackson.databind.node.ObjectNode provenance = Provenance.of(java.util.Map.of(), 3);
        dev.spanrel.encoder.CpuFeatures cpu = dev.spanrel.encoder.CpuFeatures.current();
        assertThat(provenance.at("/cpu/model").asText()).isEqualTo(cpu.model());
        assertThat(provenance.at("/cpu/flags")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactlyElementsOf(cpu.flags());
        assertThat(provenance.get("seed").asLong()).isEqualTo(3);
    }
}
