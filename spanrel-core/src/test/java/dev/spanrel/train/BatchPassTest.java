package dev.spanrel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.encoder.FloatTensor;
import dev.spanrel.encoder.SafetensorsReader;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.testing.TinyTask;
import dev.spanrel.text.WordPieceTokenizer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch over {@code maxPassSubTokens} is trained in passes that add up to the update of the unsplit batch. */
class BatchPassTest {
    @TempDir Path tmp;

    @Test
    void aBatchThatFitsIsOnePassAndALongerOneIsCutFromTheShortestUp() throws Exception {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        List<DocumentSamples> batch = samples(task);
        int longest = Arrays.stream(batch.stream().mapToInt(s -> s.document().subTokenCount()).toArray()).max().orElseThrow();
        long padded = BatchPass.paddedSubTokens(batch);
        assertThat(padded).isEqualTo((long) batch.size() * longest);

        assertThat(BatchPass.of(batch, 0)).singleElement().satisfies(p -> {
            assertThat(p.samples()).isSameAs(batch);
            assertThat(p.entityWeight()).isEqualTo(1.0);
            assertThat(p.relationWeight()).isEqualTo(1.0);
        });
        assertThat(BatchPass.of(batch, (int) padded)).hasSize(1);

        // Room for two of the longest documents: every pass within the limit (or a single document), each document
        // in exactly one pass, shortest first, and the shares of spans and pairs summing to the whole.
        List<BatchPass> passes = BatchPass.of(batch, 2 * longest);
        assertThat(passes.size()).isBetween(2, batch.size());
        List<DocumentSamples> seen = new ArrayList<>();
        int previousLongest = 0;
        double entityShares = 0, relationShares = 0;
        int spans = batch.stream().mapToInt(DocumentSamples::spanCount).sum();
        int pairs = batch.stream().mapToInt(DocumentSamples::pairCount).sum();
        for (BatchPass pass : passes) {
            assertThat(pass.samples().size() == 1 || BatchPass.paddedSubTokens(pass.samples()) <= 2L * longest).isTrue();
            int shortestHere = pass.samples().stream().mapToInt(s -> s.document().subTokenCount()).min().orElseThrow();
            assertThat(shortestHere).isGreaterThanOrEqualTo(previousLongest);
            previousLongest = pass.samples().stream().mapToInt(s -> s.document().subTokenCount()).max().orElseThrow();
            seen.addAll(pass.samples());
            assertThat(pass.entityWeight()).isCloseTo(
                    (double) pass.samples().stream().mapToInt(DocumentSamples::spanCount).sum() / spans, within(1e-12));
            assertThat(pass.relationWeight()).isCloseTo(
                    (double) pass.samples().stream().mapToInt(DocumentSamples::pairCount).sum() / pairs, within(1e-12));
            entityShares += pass.entityWeight();
            relationShares += pass.relationWeight();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(batch);
        assertThat(entityShares).isCloseTo(1.0, within(1e-12));
        assertThat(relationShares).isCloseTo(1.0, within(1e-12));

        // A limit below every document: one document a pass.
        assertThat(BatchPass.of(batch, 1)).hasSize(batch.size()).allSatisfy(p -> assertThat(p.samples()).hasSize(1));
    }

    /**
     * The same training (float32, no dropout) with every batch in one pass and with batches cut into passes of one
     * or two sentences: the same weights after three epochs, to float32 rounding, since the passes' losses are
     * weighted to add up to the batch's mean.
     */
    @Test
    void passesAddUpToTheUpdateOfTheWholeBatch() throws Exception {
        TinyTask task = TinyTask.eightConll04Sentences(tmp);
        int longest = samples(task).stream().mapToInt(s -> s.document().subTokenCount()).max().orElseThrow();
        DataDirectory dir = task.data();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        TrainingResult whole = new TrainingRun(task.config("epochs=3", "seed=5"), dir, quiet, false)
                .train(tmp.resolve("whole"), false);
        TrainingResult split = new TrainingRun(task.config("epochs=3", "seed=5", "maxPassSubTokens=" + (2 * longest)), dir,
                quiet, false).train(tmp.resolve("split"), false);
        assertThat(split.config().path("maxPassSubTokens").asInt()).isEqualTo(2 * longest);

        Map<String, FloatTensor> a = SafetensorsReader.read(tmp.resolve("whole/model/model.safetensors"));
        Map<String, FloatTensor> b = SafetensorsReader.read(tmp.resolve("split/model/model.safetensors"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        double moved = 0;
        for (String name : a.keySet()) {
            float[] x = a.get(name).values();
            float[] y = b.get(name).values();
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs((double) x[i] - y[i]));
            }
            // Six updates at lr 0.003 move a weight up to ~0.02; a pass's lost or doubled loss would show at that scale.
            assertThat(worst).as("largest difference in " + name).isLessThanOrEqualTo(2e-5);
        }
        assertThat(split.test()).isEqualTo(whole.test());
    }

    /** The first batch-sized group of the task's sentences, sampled as a training batch is. */
    private static List<DocumentSamples> samples(TinyTask task) throws Exception {
        TrainConfig config = task.config();
        NegativeSampler sampler = new NegativeSampler(config.samplingConfig(), task.types().relationTypeCount());
        List<DocumentSamples> samples = new ArrayList<>();
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.fromVocab(task.encoder().resolve("vocab.txt"), false)) {
            Random random = new Random(1);
            for (Document d : task.docs()) {
                samples.add(sampler.sample(new EncodedDocument(d, tokenizer.encodeWords(d.tokens())), random));
            }
        }
        return samples;
    }
}
