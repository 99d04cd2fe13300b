package dev.spanrel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.train.Provenance;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The version the classes report is the one the pom declares, in the API and in a run's provenance. */
class SpanrelVersionTest {
    @Test
    void versionIsThePomVersion() throws Exception {
        String pomVersion = PomVersion.of(Path.of("pom.xml"));
        assertThat(pomVersion).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(SpanrelVersion.version()).isEqualTo(pomVersion);
    }

    @Test
    void provenanceRecordsTheVersion() throws Exception {
        assertThat(Provenance.of(Map.of(), 7).get("spanrel_version").asText())
                .isEqualTo(PomVersion.of(Path.of("pom.xml")));
    }
}
