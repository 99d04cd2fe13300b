package dev.spanrel.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanrel.SpanrelException;
import dev.spanrel.data.EntityType;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.ScoredEntity;
import dev.spanrel.infer.ScoredRelation;
import dev.spanrel.infer.SentencePrediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractorTest {
    private static final EntityType NAME = new EntityType("Name", "Name", "Name", 1);
    private static final RelationType NEXT = new RelationType("Next", "Next", "Next", false, 1);

    /** Tags every run of capitalised words as a Name and links consecutive names with Next. */
    static final class CapitalisedTagger implements SentenceTagger {
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public TypeSystem types() {
            return TypeSystem.of(List.of(NAME), List.of(NEXT));
        }

        @Override
        public List<SentencePrediction> predict(List<List<String>> sentences) {
            batchSizes.add(sentences.size());
            List<SentencePrediction> predictions = new ArrayList<>();
            for (List<String> words : sentences) {
                List<ScoredEntity> entities = new ArrayList<>();
                for (int i = 0; i < words.size(); i++) {
                    if (Character.isUpperCase(words.get(i).codePointAt(0))) {
                        int start = i;
                        while (i + 1 < words.size() && Character.isUpperCase(words.get(i + 1).codePointAt(0))) {
                            i++;
                        }
                        entities.add(new ScoredEntity(NAME, start, i + 1, 0.9));
                    }
                }
                List<ScoredRelation> relations = new ArrayList<>();
                for (int e = 0; e + 1 < entities.size(); e++) {
                    relations.add(new ScoredRelation(NEXT, e, e + 1, 0.8));
                }
                predictions.add(new SentencePrediction(entities, relations));
            }
            return predictions;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void segmentedSentencesOfSeveralTextsExtractAsEachTextAlone() {
        String first = "Ann Lee met Bob Stone. Then Carl Dunn left.";
        String second = "Dora Ek waved.";
        try (Extractor extractor = Extractor.builder().setTagger(new CapitalisedTagger()).build()) {
            List<dev.spanrel.text.Sentence> firstSentences = extractor.segment(first);
            List<dev.spanrel.text.Sentence> secondSentences = extractor.segment(second);
            assertThat(firstSentences).hasSize(2);
            // Interleaved, as a scheduler mixing requests hands them over.
            List<ExtractedSentence> mixed = extractor.extractSegmented(List.of(first, second, first),
                    List.of(firstSentences.get(0), secondSentences.get(0), firstSentences.get(1)));
            assertThat(List.of(mixed.get(0), mixed.get(2))).isEqualTo(extractor.extract(first).sentences());
            assertThat(List.of(mixed.get(1))).isEqualTo(extractor.extract(second).sentences());
            assertThat(mixed.get(2).entities()).extracting(ExtractedEntity::text).containsExactly("Then Carl Dunn");
            assertThatThrownBy(() -> extractor.extractSegmented(List.of(first), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("1 texts for 0 sentences");
        }
    }

    @Test
    void entityCharacterOffsetsPointIntoTheInput() {
        String text = "Zoë  Saldaña met José\u00A0Álvarez in “São Paulo” 😀.\n\nThen  東京 and Ōsaka Castle,\nsaid Ann.";
        try (Extractor extractor = Extractor.builder().setTagger(new CapitalisedTagger()).build()) {
            ExtractionResult result = extractor.extract(text);
            assertThat(result.sentences()).hasSize(2);
            assertThat(result.entityCount()).isGreaterThanOrEqualTo(6);
            for (ExtractedSentence sentence : result.sentences()) {
                assertThat(text.substring(sentence.charStart(), sentence.charEnd()))
                        .startsWith(sentence.tokens().get(0));
                for (ExtractedEntity entity : sentence.entities()) {
                    assertThat(text.substring(entity.charStart(), entity.charEnd())).isEqualTo(entity.text());
                    assertThat(entity.type()).isEqualTo("Name");
                    assertThat(entity.score()).isEqualTo(0.9);
                }
            }
            ExtractedSentence first = result.sentences().get(0);
            assertThat(first.entities()).extracting(ExtractedEntity::text)
                    .containsExactly("Zoë  Saldaña", "José\u00A0Álvarez", "São Paulo");
            assertThat(first.entities().get(0)).isEqualTo(new ExtractedEntity("Name", 0, 2, "Zoë  Saldaña", 0, 12, 0.9));
            assertThat(first.relations()).containsExactly(
                    new ExtractedRelation("Next", 0, 1, 0.8), new ExtractedRelation("Next", 1, 2, 0.8));
            assertThat(result.sentences().get(1).entities()).extracting(ExtractedEntity::text)
                    .contains("Then", "Ōsaka Castle", "Ann");
        }
    }

    @Test
    void extractAllSharesBatchesAcrossTextsAndKeepsOrder() {
        CapitalisedTagger tagger = new CapitalisedTagger();
        Extractor extractor = Extractor.builder().setTagger(tagger).optBatchSize(3).build();
        List<String> texts = List.of("Ann sings. Bob runs.", "", "Cid reads. Dee naps. Eve eats.", "no names here");
        List<ExtractionResult> results = extractor.extractAll(texts);
        assertThat(results).extracting(r -> r.sentences().size()).containsExactly(2, 0, 3, 1);
        assertThat(results.get(2).sentences()).extracting(s -> s.entities().get(0).text())
                .containsExactly("Cid", "Dee", "Eve");
        assertThat(results.get(2).sentences().get(1).entities().get(0).charStart()).isEqualTo(11);
        assertThat(tagger.batchSizes).containsExactly(3, 3);
        extractor.close();
        assertThat(tagger.closed).hasValue(1);
    }

    @Test
    void theBatchSizeReachesTheTaggerOfAModelDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(RecordingTaggerFactory.MARKER), "");
        RecordingTaggerFactory.OPENED.clear();
        RecordingTaggerFactory.TAGGERS.clear();
        TaggerOptions options = new TaggerOptions("fp32").withRelationThreshold(0.3);
        try (Extractor extractor = Extractor.builder().setModelDir(dir).optBatchSize(5).optTaggerOptions(options).build()) {
            assertThat(extractor.batchSize()).isEqualTo(5);
            // A model directory's tagger is handed 4 of its batches at a time, to sort by length before batching.
            extractor.extractWords(IntStream.range(0, 45).mapToObj(i -> List.of("Ann", "sings")).toList());
            assertThat(RecordingTaggerFactory.TAGGERS.get(0).batchSizes).containsExactly(20, 20, 5);
        }
        try (Extractor extractor = Extractor.builder().setModelDir(dir).build()) {
            assertThat(extractor.batchSize()).isEqualTo(Extractor.DEFAULT_BATCH_SIZE);
        }
        assertThat(RecordingTaggerFactory.OPENED).containsExactly(options.withBatchSize(5),
                TaggerOptions.defaults().withBatchSize(Extractor.DEFAULT_BATCH_SIZE));
        assertThat(RecordingTaggerFactory.OPENED.get(0).relationThreshold()).hasValue(0.3);
        assertThatThrownBy(() -> options.withBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extractWordsKeepsSentencesWholeAndOffsetsIntoSpaceJoinedWords() {
        Extractor extractor = Extractor.builder().setTagger(new CapitalisedTagger()).optMaxWordsPerSentence(4).build();
        List<String> words = List.of("Ann", "met", "and", "Cid", "Dee", "in", "town", "Eve");
        List<ExtractedSentence> sentences = extractor.extractWords(List.of(words, List.of()));
        assertThat(sentences).hasSize(2);
        ExtractedSentence sentence = sentences.get(0);
        assertThat(sentence.tokens()).isEqualTo(words);
        String joined = String.join(" ", words);
        assertThat(sentence.charEnd()).isEqualTo(joined.length());
        assertThat(sentence.entities()).extracting(ExtractedEntity::text).containsExactly("Ann", "Cid", "Dee", "Eve");
        assertThat(sentence.entities()).extracting(ExtractedEntity::start).containsExactly(0, 3, 4, 7);
        sentence.entities().forEach(e -> assertThat(joined.substring(e.charStart(), e.charEnd())).isEqualTo(e.text()));
        // Chunks of four words: "Cid" and "Dee" fall into different chunks, so no relation joins them.
        assertThat(sentence.relations()).containsExactly(
                new ExtractedRelation("Next", 0, 1, 0.8), new ExtractedRelation("Next", 2, 3, 0.8));
        assertThat(sentences.get(1).tokens()).isEmpty();
    }

    @Test
    void longTextIsChunkedNotTruncated() {
        String text = IntStream.range(0, 230).mapToObj(i -> i % 10 == 0 ? "Name" + i : "w" + i)
                .collect(Collectors.joining(" "));
        Extractor extractor = Extractor.builder().setTagger(new CapitalisedTagger()).build();
        ExtractionResult result = extractor.extract(text);
        assertThat(result.sentences()).extracting(s -> s.tokens().size()).containsExactly(100, 100, 30);
        assertThat(result.entityCount()).isEqualTo(23);
    }

    @Test
    void loadingADirectoryThatIsNoModelSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> Extractor.load(dir))
                .isInstanceOf(SpanrelException.class)
                .hasMessageContaining("not a model directory")
                .hasMessageContaining("ModelTaggerFactory");
        assertThatThrownBy(() -> Extractor.load(dir.resolve("missing")))
                .isInstanceOf(SpanrelException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void builderNeedsATagger() {
        assertThatThrownBy(() -> Extractor.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
