package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.testing.TinyTask;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench train}'s measurement on a tiny encoder: what it counts, and the profile it can record. */
class TrainingBenchmarkTest {
    @TempDir Path tmp;

    @Test
    void countsTheTimedUpdatesAndRecordsTheirOpsWhenAsked() throws Exception {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        TrainConfig config = task.config("batchSize=2", "seed=3");
        Path trace = tmp.resolve("trace.json");

        TrainingThroughput t = new TrainingRun(config, task.data(), new PrintStream(new ByteArrayOutputStream()), false)
                .benchmark(1, 3, Optional.of(trace));

        assertThat(t.steps()).isEqualTo(3);
        assertThat(t.sentences()).isEqualTo(6);
        assertThat(t.subTokens()).isPositive().isLessThanOrEqualTo(t.paddedSubTokens());
        assertThat(t.forwardBackwardSeconds() + t.optimizerSeconds()).isLessThanOrEqualTo(t.seconds() + 1e-9);
        JsonNode events = new ObjectMapper().readTree(trace.toFile());
        Set<String> ops = new HashSet<>();
        events.forEach(e -> ops.add(e.path("name").asText()));
        assertThat(ops).contains("aten::matmul", "aten::mm").anyMatch(op -> op.contains("Backward"));
    }
}
