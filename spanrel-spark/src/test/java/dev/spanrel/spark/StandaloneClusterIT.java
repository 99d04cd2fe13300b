package dev.spanrel.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanrel.infer.ExtractionResult;
import dev.spanrel.infer.Extractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real standalone cluster (a Master and two one-core Workers, each a JVM of its own, and their
 * executors), submitted with SparkSubmit as on any cluster, the model given as a Hadoop URI: every output row holds
 * what the in-process {@link Extractor} gives for its text.
 */
class StandaloneClusterIT {
    private static final Path JOB_JAR = Path.of(System.getProperty("spanrel.spark.jobJar", "target/job-jar-not-configured.jar"));

    @TempDir Path tmp;

    @Test
    void theJobJarHoldsTheJobButNotSparkAndRenamesWhatSparkAlsoShips() throws IOException {
        try (ZipFile jar = new ZipFile(JOB_JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("dev/spanrel/spark/ExtractJob.class", "dev/spanrel/infer/Extractor.class",
                    "ai/djl/pytorch/engine/PtEngine.class", "native/lib/pytorch.properties",
                    "dev/spanrel/shaded/com/ibm/icu/text/BreakIterator.class",
                    "dev/spanrel/shaded/com/fasterxml/jackson/databind/ObjectMapper.class",
                    "META-INF/services/ai.djl.engine.EngineProvider");
            assertThat(names).filteredOn(n -> n.matches("(META-INF/versions/\\d+/)?(org/apache/spark|scala|com/ibm/icu"
                    + "|com/fasterxml|com/google/gson|net/razorvine|org/apache/commons|org/slf4j)/.*")).isEmpty();
            // ICU's data moved with its classes, or sentence splitting would fail at its first text.
            assertThat(names).anyMatch(n -> n.startsWith("dev/spanrel/shaded/com/ibm/icu/impl/data/icudata/brkitr/") && n.endsWith(".brk"));
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void onTwoWorkersEveryRowIsWhatTheExtractorGivesForItsText() throws Exception {
        Path model = SpertFixtureModel.importInto(tmp.resolve("model"));
        List<String> texts = SpertFixtureModel.texts();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add(json.writeValueAsString(Map.of("id", i, "text", texts.get(i))));
        }
        Path corpus = Files.write(tmp.resolve("corpus.jsonl"), lines);
        Path output = tmp.resolve("extracted");
        Path cache = tmp.resolve("model-cache");

        List<Path> sparkJars = Arrays.stream(Files.readString(Path.of(System.getProperty("spanrel.spark.classpath"))).trim()
                .split(":")).map(Path::of).toList();
        List<String> javaOptions = Arrays.asList(System.getProperty("spanrel.spark.javaOpens").trim().split("\\s+"));
        try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), sparkJars, javaOptions, 2, "1536m")) {
            int exit = cluster.submit(Duration.ofMinutes(4),
                    "--class", "dev.spanrel.spark.ExtractJob",
                    "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
                    "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", ModelSource.CACHE_DIR + "=" + cache,
                    // One encoder thread per one-core executor, as the README advises.
                    "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
                    JOB_JAR.toString(),
                    "--model", model.toUri().toString(), "--input", corpus.toString(), "--output", output.toString(),
                    "--output-format", "json", "--partitions", "4");
            assertThat(exit).as("spark-submit's exit code\n%s", cluster.logs()).isZero();

            // Both executors ran, each opened the model, and the machine fetched it into one copy.
            List<Path> executors = cluster.executorLogs();
            assertThat(executors).as(cluster.logs()).hasSize(2);
            for (Path log : executors) {
                assertThat(Files.readString(log)).as(cluster.logs()).contains("ExecutorModels: model " + model.toUri());
            }
            try (Stream<Path> copies = Files.list(cache)) {
                assertThat(copies.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(1);
            }
        }

        Map<Integer, JsonNode> rows = new HashMap<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().matches("part-.*\\.json")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    JsonNode row = json.readTree(line);
                    assertThat(rows.put(row.get("id").asInt(), row)).as("row %s twice", row.get("id")).isNull();
                }
            }
        }
        assertThat(rows).hasSize(texts.size());
        List<ExtractionResult> expected;
        try (Extractor reference = Extractor.load(model)) {
            expected = reference.extractAll(texts);
        }
        int entities = 0;
        int relations = 0;
        for (int i = 0; i < texts.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(row.get("text").asText()).isEqualTo(texts.get(i));
            ExpectedRows.of(expected.get(i)).assertMatches(fromJson(row), texts.get(i));
            entities += row.get("entities").size();
            relations += row.get("relations").size();
        }
        // A model that finds things, or the comparison would prove little.
        assertThat(entities).isGreaterThan(500);
        assertThat(relations).isGreaterThan(100);
    }

    private static ExpectedRows fromJson(JsonNode row) {
        List<String> entities = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (JsonNode e : row.get("entities")) {
            entities.add(ExpectedRows.entity(e.get("text").asText(), e.get("type").asText(), e.get("sentence").asInt(),
                    e.get("start").asInt(), e.get("end").asInt()));
            scores.add(e.get("score").asDouble());
        }
        for (JsonNode r : row.get("relations")) {
            relations.add(ExpectedRows.relation(r.get("type").asText(), r.get("head").asInt(), r.get("tail").asInt(),
                    r.get("head_text").asText(), r.get("tail_text").asText()));
            scores.add(r.get("score").asDouble());
        }
        return new ExpectedRows(entities, relations, scores);
    }
}
