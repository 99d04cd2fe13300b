package dev.spanrel.infer;

import dev.spanrel.model.SavedModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.spanrel.SharedFolder;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.spert.SpertImport;
import dev.spanrel.spert.SpertSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document far over the encoder's 512 positions is decoded in bounded pieces: the arrays alive at any time do not
 * grow with its length, and the pieces give what decoding it whole gives. On CoNLL04 test (sentences), the pieces
 * change nothing. The model is the SpERT-trained fixture (2 layers, 64 wide, 512 positions), so it finds entities
 * and relations and every stage of the decoder has work.
 */
class LongDocumentDecodingTest {
    @TempDir static Path tmp;
    static NDManager manager;
    static SavedModel.Loaded loaded;
    static List<Document> test;

    @BeforeAll
    static void load() {
        Path fixture = SharedFolder.fixture("spert-tiny-conll04");
        Path model = tmp.resolve("model");
        SpertImport.run(fixture.resolve("model"), SharedFolder.data("conll04/conll04_types.json"), Optional.empty(),
                SpertSettings.defaults().withSpertConfig(fixture.resolve("train.conf")), model);
        manager = NDManager.newBaseManager();
        loaded = SavedModel.load(model, manager);
        test = SpertJson.readDocuments(SharedFolder.data("conll04/conll04_test.json"), loaded.types());
    }

    @AfterAll
    static void close() {
        loaded.close();
        manager.close();
    }

    /** CoNLL04 test sentences joined into one document of at least {@code words} words. */
    private static Document longDocument(int words) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; tokens.size() < words; i++) {
            tokens.addAll(test.get(i % test.size()).tokens());
        }
        return new Document("long", tokens, List.of(), List.of());
    }

    private static BatchPredictor predictor(SpanDecoder.Pieces pieces, SpanDecoder.CallSizes sizes) {
        SpanDecoder decoder = new SpanDecoder(loaded.model(), loaded.types(), loaded.tokenizer().padId(), 512,
                loaded.model().config().relationThreshold(), pieces, sizes);
        return new BatchPredictor(decoder, loaded.tokenizer(), 16);
    }

    private static final SpanDecoder.Pieces WHOLE = new SpanDecoder.Pieces(Integer.MAX_VALUE, Integer.MAX_VALUE);

    @Test
    void aLongDocumentGoesThroughTheNetworkInBoundedPiecesAndNothingPilesUpBetweenThem() {
        Document doc = longDocument(3500);
        List<String> violations = new ArrayList<>();
        long[] mostLiveAtACall = {0};
        int[] calls = new int[3];
        SpanDecoder.CallSizes sizes = new SpanDecoder.CallSizes() {
            @Override
            public void encoder(long sequences, long length) {
                calls[0]++;
                // Sentences come as a batch of short sequences; a long document's windows fill all 512 positions.
                check(length < 512 || sequences <= SpanDecoder.Pieces.DEFAULT.windowsPerCall(),
                        "encoder call of " + sequences + " windows");
            }

            @Override
            public void entities(long slots) {
                calls[1]++;
                check(slots <= SpanDecoder.Pieces.DEFAULT.spanSlotsPerCall(), "entity call of " + slots);
            }

            @Override
            public void relations(long slots) {
                calls[2]++;
                check(slots <= SpanDecoder.MAX_PAIRS_PER_DOCUMENT, "relation call of " + slots);
            }

            private void check(boolean ok, String what) {
                if (!ok) {
                    violations.add(what);
                }
                mostLiveAtACall[0] = Math.max(mostLiveAtACall[0], liveBytes(manager));
            }
        };
        List<SentencePrediction> predicted = predictor(SpanDecoder.Pieces.DEFAULT, sizes)
                .predictScored(manager, List.of(doc, test.get(0), test.get(1)));
        assertThat(violations).isEmpty();
        // The document's windows in at least two encoder calls and its 35,000 candidate spans in two entity calls;
        // the two sentences are a batch of their own, one call each.
        assertThat(calls[0]).as("encoder calls").isGreaterThanOrEqualTo(3);
        assertThat(calls[1]).as("entity calls").isGreaterThanOrEqualTo(3);
        assertThat(calls[2]).as("relation calls").isPositive();
        assertThat(predicted.get(0).entities()).hasSizeGreaterThan(100);
        assertThat(predicted.get(0).relations()).isNotEmpty();
        // Between calls only the word vectors' table (3,500 words x 12 levels x 64 floats, 11 MB) and the encoder's
        // outputs stay; the model's own weights (8 MB) are counted too.
        assertThat(mostLiveAtACall[0]).as("bytes of arrays alive at a call").isLessThan(64L << 20);
    }

    @Test
    void thePiecesPredictWhatDecodingTheDocumentWholePredicts() {
        Document doc = longDocument(1500);
        SentencePrediction inPieces = predictor(new SpanDecoder.Pieces(3, 5000), SpanDecoder.CallSizes.NONE)
                .predictScored(manager, List.of(doc)).get(0);
        SentencePrediction whole = predictor(WHOLE, SpanDecoder.CallSizes.NONE).predictScored(manager, List.of(doc)).get(0);
        assertSame(inPieces, whole);
        assertThat(whole.entities()).hasSizeGreaterThan(50);
        assertThat(whole.relations()).isNotEmpty();
    }

    @Test
    void onConll04TestThePiecesChangeNothing() {
        List<SentencePrediction> bySentence = predictor(new SpanDecoder.Pieces(1, 64), SpanDecoder.CallSizes.NONE)
                .predictScored(manager, test.subList(0, 96));
        List<SentencePrediction> whole = predictor(WHOLE, SpanDecoder.CallSizes.NONE).predictScored(manager, test);
        List<SentencePrediction> byDefault = new BatchPredictor(loaded.model(), loaded.types(), loaded.tokenizer(), 512, 16)
                .predictScored(manager, test);
        for (int i = 0; i < test.size(); i++) {
            if (i < bySentence.size()) {
                assertSame(bySentence.get(i), whole.get(i));
            }
            assertThat(byDefault.get(i)).as("document %d", i).isEqualTo(whole.get(i));
        }
    }

    /**
     * Bytes of every array alive under {@code m} (views counted at their full size). Read on the decoding thread
     * only: an array freed meanwhile by another thread would be read from freed native memory.
     */
    static long liveBytes(NDManager m) {
        long bytes = 0;
        for (NDArray a : m.getManagedArrays()) {
            bytes += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        return bytes;
    }

    private static void assertSame(SentencePrediction actual, SentencePrediction expected) {
        assertThat(actual.entities()).hasSameSizeAs(expected.entities());
        for (int e = 0; e < expected.entities().size(); e++) {
            ScoredEntity a = actual.entities().get(e);
            ScoredEntity x = expected.entities().get(e);
            assertThat(List.of(a.type(), a.start(), a.end())).isEqualTo(List.of(x.type(), x.start(), x.end()));
            assertThat(a.score()).isCloseTo(x.score(), within(1e-5));
        }
        assertThat(actual.relations()).hasSameSizeAs(expected.relations());
        for (int r = 0; r < expected.relations().size(); r++) {
            ScoredRelation a = actual.relations().get(r);
            ScoredRelation x = expected.relations().get(r);
            assertThat(List.of(a.type(), a.head(), a.tail())).isEqualTo(List.of(x.type(), x.head(), x.tail()));
            assertThat(a.score()).isCloseTo(x.score(), within(1e-5));
        }
    }
}
