package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.encoder.Precision;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.infer.ExtractedEntity;
import dev.spanrel.infer.ExtractedSentence;
import dev.spanrel.infer.Extractor;
import dev.spanrel.infer.ModelTagger;
import dev.spanrel.infer.RelationThresholdSweep;
import dev.spanrel.infer.TaggerOptions;
import dev.spanrel.infer.SentencePrediction;
import dev.spanrel.testing.TinyTask;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole training path on a tiny encoder: it must be able to learn a few sentences by heart. */
class TinyTrainingTest {
    @TempDir Path tmp;

    @Test
    void overfitsAFewSentences() throws Exception {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        List<Document> docs = task.docs();
        TrainConfig config = task.config("epochs=60", "seed=7");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingResult results = new TrainingRun(config, task.data(), new PrintStream(log), false)
                .train(tmp.resolve("run"), false);

        assertThat(results.test().at("/entities/micro/f1").asDouble()).isGreaterThanOrEqualTo(95.0);
        assertThat(results.test().at("/relations_strict/micro/f1").asDouble()).isGreaterThanOrEqualTo(90.0);
        // The error split counts the same relations as the scores: found + missed = gold.
        JsonNode errors = results.testRelationErrors();
        int missed = errors.at("/missed/between_right_entities").asInt() + errors.at("/missed/wrong_type_or_direction").asInt()
                + errors.at("/missed/entity_wrong").asInt();
        assertThat(errors.get("found").asInt() + missed).isEqualTo(errors.get("gold").asInt());
        assertThat(errors.get("gold").asInt()).isPositive();
        assertThat(100.0 * errors.get("found").asInt() / errors.get("gold").asInt())
                .isCloseTo(results.test().at("/relations_strict/micro/recall").asDouble(), within(1e-9));
        assertThat(tmp.resolve("run/model/model.safetensors")).exists();
        assertThat(tmp.resolve("run/checkpoint.json")).doesNotExist();
        assertThat(Files.readString(tmp.resolve("run/model/spanrel.json"))).contains("\"sha256\"");

        // The saved model, opened the way users open it, finds the learnt entities with offsets into the input.
        List<List<String>> sentences = docs.stream().map(Document::tokens).toList();
        try (Extractor extractor = Extractor.load(tmp.resolve("run/model"))) {
            List<ExtractedSentence> extracted = extractor.extractWords(sentences);
            int right = 0;
            int gold = 0;
            for (int d = 0; d < docs.size(); d++) {
                String joined = String.join(" ", docs.get(d).tokens());
                for (ExtractedEntity e : extracted.get(d).entities()) {
                    assertThat(joined.substring(e.charStart(), e.charEnd())).isEqualTo(e.text());
                    assertThat(e.text()).isEqualTo(String.join(" ", docs.get(d).tokens().subList(e.start(), e.end())));
                }
                for (EntityMention m : docs.get(d).entities()) {
                    gold++;
                    boolean found = extracted.get(d).entities().stream().anyMatch(e ->
                            e.start() == m.start() && e.end() == m.end() && e.type().equals(m.type().name()));
                    right += found ? 1 : 0;
                }
            }
            assertThat((double) right / gold).isGreaterThanOrEqualTo(0.95);

            // With bfloat16 matmuls (where the CPU has them) the learnt model finds the same entities and relations.
            if (Precision.cpuHasBf16()) {
                try (Extractor bf16 = Extractor.builder().setModelDir(tmp.resolve("run/model"))
                        .optTaggerOptions(new TaggerOptions("bf16")).build()) {
                    List<ExtractedSentence> mixed = bf16.extractWords(sentences);
                    for (int d = 0; d < docs.size(); d++) {
                        assertThat(spans(mixed.get(d))).isEqualTo(spans(extracted.get(d)));
                    }
                }
            }
        }
    }

    /** A sweep from one decoding scores every threshold exactly as decoding at that threshold does. */
    @Test
    void thresholdSweepMatchesDecodingAtEachThreshold() throws Exception {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        List<Document> docs = task.docs();
        // Half-trained on purpose, so that relation probabilities spread over the thresholds.
        new TrainingRun(task.config("epochs=30", "seed=7"), task.data(), new PrintStream(new ByteArrayOutputStream()), false)
                .train(tmp.resolve("run"), false);
        Path model = tmp.resolve("run/model");
        Evaluator evaluator = new Evaluator(task.types(), false);

        List<RelationThresholdSweep.Point> points;
        try (ModelTagger tagger = ModelTagger.load(model, 4, TaggerOptions.defaults().withRelationThreshold(0.05))) {
            List<SentencePrediction> scored = tagger.predictScored(docs);
            // Thresholds at the quartiles of the decoded probabilities: each drops some relations, and a relation
            // whose probability equals a threshold must be kept by both paths.
            double[] probabilities = scored.stream().flatMap(p -> p.relations().stream()).mapToDouble(r -> r.score()).sorted().toArray();
            assertThat(probabilities).hasSizeGreaterThan(3);
            List<Double> thresholds = List.of(0.05, probabilities[probabilities.length / 4],
                    probabilities[probabilities.length / 2], probabilities[3 * probabilities.length / 4]);
            points = RelationThresholdSweep.sweep(evaluator, docs, scored, 0.05, thresholds);
        }
        for (RelationThresholdSweep.Point point : points) {
            try (ModelTagger tagger = ModelTagger.load(model, 4, TaggerOptions.defaults().withRelationThreshold(point.threshold()))) {
                assertThat(tagger.relationThreshold()).isEqualTo(point.threshold());
                assertThat(point.evaluation()).isEqualTo(evaluator.evaluate(docs, tagger.predictDocuments(docs)));
            }
        }
        // Not all thresholds give the same relations, or the comparison above proves little.
        assertThat(points.stream().map(p -> p.evaluation().relationsStrict().micro()).distinct().count()).isGreaterThan(1);
    }

    private static List<String> spans(ExtractedSentence sentence) {
        List<String> out = new java.util.ArrayList<>();
        sentence.entities().forEach(e -> out.add(e.type() + "@" + e.start() + ":" + e.end()));
        sentence.relations().forEach(r -> out.add(r.type() + "(" + r.head() + "," + r.tail() + ")"));
        return out;
    }
}
