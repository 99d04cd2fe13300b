package dev.spanrel.infer;

import dev.spanrel.SpanrelException;
import dev.spanrel.artifact.ClasspathModels;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.infer.ScoredEntity;
import dev.spanrel.infer.ScoredRelation;
import dev.spanrel.infer.SentencePrediction;
import dev.spanrel.text.Sentence;
import dev.spanrel.text.TextSegmenter;
import dev.spanrel.text.Token;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Extracts typed entities and relations from raw text or from pre-tokenized sentences.
 *
 * <p>Raw text is split into sentences and words by a {@link TextSegmenter}; sentences go to the
 * {@link SentenceTagger} in batches; every entity comes back with its word span and its exact character range in
 * the input. Sentences longer than the word limit are cut into chunks, never truncated.
 *
 * <pre>{@code
 * try (Extractor extractor = Extractor.load(Path.of("models/conll04"))) {
 *     ExtractionResult result = extractor.extract("John Smith lives in Paris. He works for Acme Corp.");
 *     for (ExtractedSentence sentence : result.sentences()) {
 *         for (ExtractedRelation relation : sentence.relations()) {
 *             ExtractedEntity head = sentence.entities().get(relation.head());
 *             ExtractedEntity tail = sentence.entities().get(relation.tail());
 *             System.out.println(head.text() + " " + relation.type() + " " + tail.text());
 *         }
 *     }
 * }
 * // or with options, and a model directory or any tagger:
 * Extractor extractor = Extractor.builder().setModelDir(Path.of("models/conll04")).optBatchSize(16).build();
 * Extractor other = Extractor.builder().setTagger(tagger).optBatchSize(16).optMaxWordsPerSentence(80).build();
 * }</pre>
 *
 * <p>Thread-safe: it keeps no state between calls, and taggers are thread-safe. Closing it closes its tagger.
 */
public final class Extractor implements AutoCloseable {
    /** The batch size unless the builder says otherwise: what the model batched before it was one knob. */
    public static final int DEFAULT_BATCH_SIZE = 16;

    private final SentenceTagger tagger;
    private final TextSegmenter segmenter;
    private final int batchSize;
    /** Sentences handed to the tagger at once: a model directory's tagger sorts them by length into batches. */
    private final int sliceSize;

    /**
     * A model directory's tagger gets this many of its batches at once, so that it can sort the sentences by length
     * before batching them (less padding): measured faster than handing it one batch at a time (docs/BENCHMARKS.md).
     */
    static final int BATCHES_PER_SLICE = 4;

    private Extractor(Builder builder, SentenceTagger tagger, boolean fromModelDir) {
        this.tagger = tagger;
        this.segmenter = TextSegmenter.withMaxWords(builder.maxWordsPerSentence);
        this.batchSize = builder.batchSize;
        this.sliceSize = fromModelDir ? builder.batchSize * BATCHES_PER_SLICE : builder.batchSize;
    }

    /**
     * A builder: a tagger or a model directory is required, the rest is optional.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An extractor for the model stored in {@code modelDir}, opened by the {@link SentenceTaggerFactory} on the
     * class path that recognises it; raises {@link SpanrelException} when there is none.
     *
     * @param modelDir a model directory, as training writes it
     * @return an extractor with the default options; the caller closes it
     */
    public static Extractor load(Path modelDir) {
        return builder().setModelDir(modelDir).build();
    }

    /**
     * An extractor for the model published as {@code group:artifact} whose jar is on the class path (a dependency
     * written by {@code spanrel package-model}), the way a model zoo artifact is used: the jar's model directory is
     * extracted once into {@code ${SPANREL_HOME:-~/.cache/spanrel}/models/}, then opened as {@link #load} opens a
     * directory. Looks in the thread's context class loader, else in this class's.
     *
     * @param coordinates {@code group:artifact}, or {@code group:artifact:version} to insist on that version
     * @return an extractor with the default options; the caller closes it
     */
    public static Extractor fromClasspath(String coordinates) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return fromClasspath(coordinates, context != null ? context : Extractor.class.getClassLoader());
    }

    /**
     * The same, looking in the given class loader.
     *
     * @param coordinates {@code group:artifact} or {@code group:artifact:version}
     * @param loader the class loader whose class path holds the model jar
     * @return an extractor with the default options; the caller closes it
     */
    public static Extractor fromClasspath(String coordinates, ClassLoader loader) {
        return load(ClasspathModels.locate(coordinates, loader));
    }

    /**
     * The entity and relation types this extractor predicts.
     *
     * @return the tagger's type system
     */
    public TypeSystem types() {
        return tagger.types();
    }

    /**
     * The batch size: the sentences a model directory's model encodes at once (it gets {@value #BATCHES_PER_SLICE}
     * batches at a time and sorts them by length), or that go to a tagger given with {@code setTagger} at once.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The number of words from which a sentence is cut into chunks.
     *
     * @return the word limit
     */
    public int maxWordsPerSentence() {
        return segmenter.maxWordsPerSentence();
    }

    /**
     * Entities and relations of every sentence of {@code text}.
     *
     * @param text any text; blank text gives no sentences
     * @return its sentences with their entities and relations, offsets into {@code text}
     */
    public ExtractionResult extract(String text) {
        return extractAll(List.of(text)).get(0);
    }

    /**
     * One result per text, in order; the sentences of all texts share the tagger's batches.
     *
     * @param texts the texts
     * @return one result per text
     */
    public List<ExtractionResult> extractAll(List<String> texts) {
        List<List<Sentence>> sentencesPerText = new ArrayList<>(texts.size());
        List<Sentence> allSentences = new ArrayList<>();
        for (String text : texts) {
            List<Sentence> sentences = segmenter.segment(Objects.requireNonNull(text, "text"));
            sentencesPerText.add(sentences);
            allSentences.addAll(sentences);
        }
        List<SentencePrediction> predictions = predictInBatches(allSentences.stream().map(Sentence::words).toList());
        List<ExtractionResult> results = new ArrayList<>(texts.size());
        int next = 0;
        for (int t = 0; t < texts.size(); t++) {
            List<ExtractedSentence> extracted = new ArrayList<>();
            for (Sentence sentence : sentencesPerText.get(t)) {
                extracted.add(toExtracted(texts.get(t), sentence.tokens(), predictions.get(next++)));
            }
            results.add(new ExtractionResult(extracted));
        }
        return results;
    }

    /**
     * The sentences of {@code text} as {@link #extract} splits it, for callers that schedule sentences themselves
     * (the HTTP service interleaves the sentences of long texts with those of other requests); pass them back to
     * {@link #extractSegmented}.
     *
     * @param text any text
     * @return its sentences, with offsets into {@code text}
     */
    public List<Sentence> segment(String text) {
        return segmenter.segment(Objects.requireNonNull(text, "text"));
    }

    /**
     * Entities and relations of sentences that {@link #segment} gave, one result per sentence, in order: sentence
     * {@code i} is of text {@code texts.get(i)}, whose characters the result's offsets and entity texts refer to.
     * A text's results, in its order, are what {@link #extract} gives for it.
     *
     * @param texts the text of each sentence, as many as there are sentences
     * @param sentences sentences from {@link #segment}
     * @return one result per sentence, in order
     */
    public List<ExtractedSentence> extractSegmented(List<String> texts, List<Sentence> sentences) {
        if (texts.size() != sentences.size()) {
            throw new IllegalArgumentException(texts.size() + " texts for " + sentences.size() + " sentences");
        }
        List<SentencePrediction> predictions = predictInBatches(sentences.stream().map(Sentence::words).toList());
        List<ExtractedSentence> results = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            results.add(toExtracted(texts.get(i), sentences.get(i).tokens(), predictions.get(i)));
        }
        return results;
    }

    /**
     * Entities and relations of sentences already split into words, one result per sentence. As there is no
     * original text, character offsets refer to the sentence's words joined by single spaces. A sentence longer
     * than the word limit is tagged in chunks whose results are joined back into one.
     *
     * @param sentences each sentence's words
     * @return one result per sentence
     */
    public List<ExtractedSentence> extractWords(List<List<String>> sentences) {
        List<List<Token>> tokenized = new ArrayList<>(sentences.size());
        List<List<Sentence>> chunksPerSentence = new ArrayList<>(sentences.size());
        List<List<String>> allChunks = new ArrayList<>();
        for (List<String> words : sentences) {
            List<Token> tokens = spaceJoinedTokens(words);
            List<Sentence> chunks = tokens.isEmpty() ? List.of() : segmenter.chunk(tokens);
            tokenized.add(tokens);
            chunksPerSentence.add(chunks);
            chunks.forEach(chunk -> allChunks.add(chunk.words()));
        }
        List<SentencePrediction> predictions = predictInBatches(allChunks);
        List<ExtractedSentence> results = new ArrayList<>(sentences.size());
        int next = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<Token> tokens = tokenized.get(s);
            String joined = String.join(" ", sentences.get(s));
            List<SentencePrediction> chunkPredictions = predictions.subList(next, next + chunksPerSentence.get(s).size());
            next += chunkPredictions.size();
            results.add(toExtracted(joined, tokens, joinChunks(chunksPerSentence.get(s), chunkPredictions)));
        }
        return results;
    }

    @Override
    public void close() {
        tagger.close();
    }

    private List<SentencePrediction> predictInBatches(List<List<String>> sentences) {
        List<SentencePrediction> predictions = new ArrayList<>(sentences.size());
        for (int from = 0; from < sentences.size(); from += sliceSize) {
            List<List<String>> batch = sentences.subList(from, Math.min(sentences.size(), from + sliceSize));
            List<SentencePrediction> batchPredictions = tagger.predict(batch);
            if (batchPredictions.size() != batch.size()) {
                throw new SpanrelException("the tagger answered " + batchPredictions.size() + " predictions for "
                        + batch.size() + " sentences");
            }
            predictions.addAll(batchPredictions);
        }
        return predictions;
    }

    /** Chunk predictions as one prediction over the whole sentence: word and entity indices shifted. */
    private static SentencePrediction joinChunks(List<Sentence> chunks, List<SentencePrediction> predictions) {
        if (predictions.size() == 1) {
            return predictions.get(0);
        }
        List<ScoredEntity> entities = new ArrayList<>();
        List<ScoredRelation> relations = new ArrayList<>();
        int wordOffset = 0;
        for (int c = 0; c < chunks.size(); c++) {
            int entityOffset = entities.size();
            for (ScoredEntity e : predictions.get(c).entities()) {
                entities.add(new ScoredEntity(e.type(), e.start() + wordOffset, e.end() + wordOffset, e.score()));
            }
            for (ScoredRelation r : predictions.get(c).relations()) {
                relations.add(new ScoredRelation(r.type(), r.head() + entityOffset, r.tail() + entityOffset, r.score()));
            }
            wordOffset += chunks.get(c).tokens().size();
        }
        return new SentencePrediction(entities, relations);
    }

    private static ExtractedSentence toExtracted(String input, List<Token> tokens, SentencePrediction prediction) {
        List<ExtractedEntity> entities = new ArrayList<>(prediction.entities().size());
        for (ScoredEntity e : prediction.entities()) {
            if (e.start() < 0 || e.end() > tokens.size() || e.start() >= e.end()) {
                throw new SpanrelException("the tagger predicted entity span [" + e.start() + ", " + e.end()
                        + ") in a sentence of " + tokens.size() + " words");
            }
            int charStart = tokens.get(e.start()).charStart();
            int charEnd = tokens.get(e.end() - 1).charEnd();
            entities.add(new ExtractedEntity(
                    e.type().name(), e.start(), e.end(), input.substring(charStart, charEnd), charStart, charEnd, e.score()));
        }
        List<ExtractedRelation> relations = new ArrayList<>(prediction.relations().size());
        for (ScoredRelation r : prediction.relations()) {
            if (r.head() < 0 || r.head() >= entities.size() || r.tail() < 0 || r.tail() >= entities.size()) {
                throw new SpanrelException("the tagger predicted a relation between entities " + r.head() + " and "
                        + r.tail() + " of a sentence with " + entities.size() + " entities");
            }
            relations.add(new ExtractedRelation(r.type().name(), r.head(), r.tail(), r.score()));
        }
        List<String> words = tokens.stream().map(Token::text).toList();
        int charStart = tokens.isEmpty() ? 0 : tokens.get(0).charStart();
        int charEnd = tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).charEnd();
        return new ExtractedSentence(words, charStart, charEnd, entities, relations);
    }

    /** Tokens at the offsets they have in the words joined by single spaces. */
    private static List<Token> spaceJoinedTokens(List<String> words) {
        List<Token> tokens = new ArrayList<>(words.size());
        int offset = 0;
        for (String word : words) {
            tokens.add(new Token(Objects.requireNonNull(word, "word"), offset, offset + word.length()));
            offset += word.length() + 1;
        }
        return tokens;
    }

    /** Builds an {@link Extractor}: {@code set*} options are required, {@code opt*} ones have defaults. */
    public static final class Builder {
        private SentenceTagger tagger;
        private Path modelDir;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxWordsPerSentence = TextSegmenter.DEFAULT_MAX_WORDS;
        private TaggerOptions taggerOptions = TaggerOptions.defaults();

        private Builder() {}

        /**
         * The model that tags sentences; the extractor takes ownership and closes it.
         *
         * @param tagger the tagger
         * @return this builder
         */
        public Builder setTagger(SentenceTagger tagger) {
            this.tagger = Objects.requireNonNull(tagger, "tagger");
            this.modelDir = null;
            return this;
        }

        /**
         * The model directory to tag with, opened at {@link #build()} by the {@link SentenceTaggerFactory} on the
         * class path that recognises it; the alternative to {@link #setTagger}.
         *
         * @param modelDir a model directory
         * @return this builder
         */
        public Builder setModelDir(Path modelDir) {
            this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
            this.tagger = null;
            return this;
        }

        /**
         * The batch size (default {@value Extractor#DEFAULT_BATCH_SIZE}): the sentences a model directory's model
         * encodes at once ({@link TaggerOptions#batchSize()}; it is handed {@value Extractor#BATCHES_PER_SLICE} batches at
         * a time to sort by length), or the sentences a tagger given with {@link #setTagger} gets at once.
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sentences with more words are cut into chunks (default {@value TextSegmenter#DEFAULT_MAX_WORDS}).
         *
         * @param maxWordsPerSentence at least 1
         * @return this builder
         */
        public Builder optMaxWordsPerSentence(int maxWordsPerSentence) {
            if (maxWordsPerSentence < 1) {
                throw new IllegalArgumentException("max words per sentence must be at least 1: " + maxWordsPerSentence);
            }
            this.maxWordsPerSentence = maxWordsPerSentence;
            return this;
        }

        /**
         * How {@link #setModelDir} opens the model (default {@link TaggerOptions#defaults()}: float32).
         *
         * @param taggerOptions precision and relation threshold (its batch size is {@link #optBatchSize}'s)
         * @return this builder
         */
        public Builder optTaggerOptions(TaggerOptions taggerOptions) {
            this.taggerOptions = Objects.requireNonNull(taggerOptions, "taggerOptions");
            return this;
        }

        /**
         * The extractor; opens the model directory now when one was set instead of a tagger.
         *
         * @return the extractor; the caller closes it
         */
        public Extractor build() {
            if (tagger == null && modelDir == null) {
                throw new IllegalStateException("Extractor.builder() needs setTagger(...) or setModelDir(...)");
            }
            // One knob: the extractor's batch size is the batch the model encodes.
            if (tagger != null) {
                return new Extractor(this, tagger, false);
            }
            return new Extractor(this, SentenceTaggerFactory.loadTagger(modelDir, taggerOptions.withBatchSize(batchSize)), true);
        }
    }
}
