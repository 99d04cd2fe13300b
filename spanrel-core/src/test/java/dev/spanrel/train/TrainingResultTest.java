package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingResultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void writesAndReadsBackTheSameResultsInTheFileKeyOrder() throws Exception {
        ObjectNode test = JSON.createObjectNode();
        test.putObject("entities").putObject("micro").put("f1", 88.5);
        ObjectNode provenance = JSON.createObjectNode().put("code_version", "abc123").put("created", "2026-12-02T05:00:00Z");
        TrainingResult written = new TrainingResult(JSON.createArrayNode().add(1).add(2), test, JSON.createObjectNode().put("gold", 3),
                TrainConfig.defaults().toJson(), provenance, null, null, null, 12.5);
        written.write(tmp);

        TrainingResult read = TrainingResult.read(tmp).orElseThrow();
        // As text: a long written comes back as an int node, the same number.
        assertThat(read.toJson().toString()).isEqualTo(written.toJson().toString());
        assertThat(read.codeVersion()).isEqualTo("abc123");
        assertThat(read.created()).isEqualTo("2026-12-02T05:00:00Z");
        assertThat(read.hasTest()).isTrue();
        // Parts a run did not make are not written at all, not written as null.
        assertThat(JSON.readTree(tmp.resolve(TrainingResult.FILE).toFile()).fieldNames()).toIterable()
                .containsExactly("dev_history", "test", "test_relation_errors", "config", "provenance", "wall_seconds");
        assertThat(read.trainNoise().isMissingNode()).isTrue();
    }

    @Test
    void anUnfinishedRunHasNoResultsAndADamagedFileIsNamed() throws Exception {
        assertThat(TrainingResult.read(tmp)).isEmpty();
        Files.writeString(tmp.resolve(TrainingResult.FILE), "[1, 2]");
        assertThatThrownBy(() -> TrainingResult.read(tmp)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining(tmp.resolve(TrainingResult.FILE).toString()).hasMessageContaining("one JSON object");
        Files.writeString(tmp.resolve(TrainingResult.FILE), "{\"test\": ");
        assertThatThrownBy(() -> TrainingResult.read(tmp)).isInstanceOf(SpanrelException.class)
                .hasMessageContaining("cannot read " + tmp.resolve(TrainingResult.FILE));
    }

    @Test
    void theConfigDifferenceNamesTheFirstKeyAndSkipsKeysTheRunPredates() {
        ObjectNode config = TrainConfig.defaults().toJson();
        config.put("learningRate", 3e-5);
        config.remove("smallLossRate");
        TrainingResult result = new TrainingResult(null, null, null, config, null, null, null, null, 0);
        assertThat(result.configDifference(TrainConfig.defaults())).contains("learningRate: 3.0E-5 in results.json, 5.0E-5 in the plan");
        assertThat(result.configDifference(TrainConfig.defaults(), java.util.Set.of("learningRate"))).isEmpty();
        assertThat(result.configDifference(TrainConfig.defaults().with(List.of("learningRate=0.00003")))).isEmpty();
    }
}
