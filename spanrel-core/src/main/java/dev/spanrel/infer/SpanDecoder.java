package dev.spanrel.infer;

import dev.spanrel.model.SpanBatch;
import dev.spanrel.model.ModelConfig;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.SpanCandidates;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.SpanRelModel;
import dev.spanrel.model.EncoderWindows;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference (docs/method.md section 4.2): classify every span up to maxSpanSize, keep those whose argmax is an
 * entity type, score every ordered pair of kept spans, keep relation types with probability ≥ threshold. Symmetric
 * relations are put in canonical order and de-duplicated. The encoder runs once per batch for both stages. The
 * threshold is the model's own unless the decoder is given another: it trades relation precision against recall
 * without retraining.
 *
 * <p>Two settings of {@link ModelConfig} make it decode exactly as SpERT does (a model imported from SpERT has
 * both): {@code keepAllEntities} lifts the cap on entities per document, {@code symmetricBySpanStart} orders
 * symmetric relations by their spans' starts only and lists relations in SpERT's order.
 */
final class SpanDecoder {
    /** Pairs scored at once per document, bounding memory when a sentence has many candidate entities. */
    static final int MAX_PAIRS_PER_DOCUMENT = 1000;
    /** The fewest entities a document may keep, however short; see {@link #entityLimit}. */
    static final int MIN_ENTITY_LIMIT = 64;

    /**
     * How much of a batch goes through the network in one call. A long document is decoded in pieces of these
     * sizes, each piece's intermediate arrays freed before the next, so the memory a document takes does not grow
     * with its length beyond its word vectors (the range-max table) and the host arrays of its spans: without them,
     * every encoder window's activations of every layer stayed alive until the whole document was decoded (about
     * 0.6 GB per window for BERT-base, 14 GB at 5,000 words).
     *
     * @param windowsPerCall encoder windows (of a document over the encoder's positions) encoded at once
     * @param spanSlotsPerCall candidate spans (documents × spans per document) classified at once; a batch within
     *     it, as every batch of sentences is, is classified in one call as before
     */
    record Pieces(int windowsPerCall, int spanSlotsPerCall) {
        /**
         * 2 windows, whose activations over BERT-base's 12 layers take about 1.4 GB (the attention scores of a
         * 512-position window are 12 MB per layer, kept three times); 32,768 spans, about 0.6 GB for BERT-base.
         */
        static final Pieces DEFAULT = new Pieces(2, 32_768);

        Pieces {
            if (windowsPerCall < 1 || spanSlotsPerCall < 1) {
                throw new IllegalArgumentException("pieces must hold at least one window and one span");
            }
        }
    }

    /** Told the size of every network call the decoder makes (tests check the bounds with it). */
    interface CallSizes {
        CallSizes NONE = new CallSizes() {};

        /** An encoder call over {@code sequences} sequences of {@code length} sub-tokens. */
        default void encoder(long sequences, long length) {}

        /** An entity classifier call over {@code slots} span slots. */
        default void entities(long slots) {}

        /** A relation classifier call over {@code slots} pair slots. */
        default void relations(long slots) {}
    }

    private final SpanRelModel model;
    private final TypeSystem types;
    private final int padId;
    private final int maxPositions;
    private final double relationThreshold;
    private final Pieces pieces;
    private final CallSizes callSizes;

    /**
     * A decoder with the relation threshold the model was trained with.
     *
     * @param model the trained network
     * @param types its type system
     * @param padId the tokenizer's padding id
     * @param maxPositions the encoder's position limit
     */
    public SpanDecoder(SpanRelModel model, TypeSystem types, int padId, int maxPositions) {
        this(model, types, padId, maxPositions, model.config().relationThreshold());
    }

    /**
     * With a relation threshold of the caller's instead of the one the model was trained with; one above 1 keeps no
     * relation at all (tests use that to score entities alone).
     *
     * @param model the trained network
     * @param types its type system
     * @param padId the tokenizer's padding id
     * @param maxPositions the encoder's position limit
     * @param relationThreshold the probability from which a relation type is predicted
     */
    public SpanDecoder(SpanRelModel model, TypeSystem types, int padId, int maxPositions, double relationThreshold) {
        this(model, types, padId, maxPositions, relationThreshold, Pieces.DEFAULT, CallSizes.NONE);
    }

    SpanDecoder(SpanRelModel model, TypeSystem types, int padId, int maxPositions, double relationThreshold, Pieces pieces,
            CallSizes callSizes) {
        if (!(relationThreshold >= 0)) {
            throw new IllegalArgumentException("relation threshold must be 0 or more, not " + relationThreshold);
        }
        this.model = model;
        this.types = types;
        this.padId = padId;
        this.maxPositions = maxPositions;
        this.relationThreshold = relationThreshold;
        this.pieces = pieces;
        this.callSizes = callSizes;
    }

    /**
     * The encoder's position limit this decoder was made for.
     *
     * @return the sub-tokens one encoder sequence holds
     */
    int maxPositions() {
        return maxPositions;
    }

    /**
     * Predictions for one batch of documents (callers choose the batch size).
     *
     * @param parent the manager under which the batch's arrays are made and freed
     * @param docs the encoded documents
     * @return one prediction per document
     */
    public List<SentencePrediction> decode(NDManager parent, List<EncodedDocument> docs) {
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            // Candidates → forward → entities → relations between them → SpERT's order.
            List<DocumentSamples> candidates = candidates(docs);
            SpanBatch spanBatch = new SpanBatch(candidates, model.relationTypes(), model.config().widthEmbeddingCount(), padId,
                    maxPositions);
            SpanRelModel.EncodedBatch encoded = encode(m, ps, spanBatch);
            float[] probabilities = entityProbabilities(m, ps, encoded, spanBatch);
            List<List<ScoredEntity>> kept = entities(candidates, spanBatch, probabilities);
            List<Map<List<Integer>, Found>> relations = relations(m, ps, encoded, docs, kept);
            List<SentencePrediction> out = new ArrayList<>(docs.size());
            for (int b = 0; b < docs.size(); b++) {
                out.add(new SentencePrediction(kept.get(b), inOutputOrder(relations.get(b))));
            }
            return out;
        }
    }

    /** Every span up to {@code maxSpanSize} words of each document. */
    private List<DocumentSamples> candidates(List<EncodedDocument> docs) {
        List<DocumentSamples> candidates = new ArrayList<>(docs.size());
        for (EncodedDocument doc : docs) {
            candidates.add(SpanCandidates.all(doc, model.config().maxSpanSize()));
        }
        return candidates;
    }

    /**
     * Each document's entities: every candidate whose most probable class is a type, with that probability, then at
     * most {@link #entityLimit} of them (unless the config keeps all).
     */
    private List<List<ScoredEntity>> entities(List<DocumentSamples> candidates, SpanBatch spanBatch, float[] probabilities) {
        int classes = model.entityClasses();
        List<List<ScoredEntity>> kept = new ArrayList<>(candidates.size());
        for (int b = 0; b < candidates.size(); b++) {
            DocumentSamples c = candidates.get(b);
            List<ScoredEntity> entities = new ArrayList<>();
            for (int i = 0; i < c.spanCount(); i++) {
                int offset = (b * spanBatch.spansPerDoc + i) * classes;
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (probabilities[offset + k] > probabilities[offset + best]) {
                        best = k;
                    }
                }
                if (best != 0) {
                    entities.add(new ScoredEntity(types.entityType(best), c.spanStarts()[i], c.spanEnds()[i], probabilities[offset + best]));
                }
            }
            kept.add(mostLikely(entities, model.config().keepAllEntities() ? Integer.MAX_VALUE : entityLimit(c.document().wordCount())));
        }
        return kept;
    }

    /** The relations over the threshold between each document's entities, keyed by (head, tail). */
    private List<Map<List<Integer>, Found>> relations(NDManager m, ParameterStore ps, SpanRelModel.EncodedBatch encoded,
            List<EncodedDocument> docs, List<List<ScoredEntity>> kept) {
        List<Map<List<Integer>, Found>> relations = new ArrayList<>();
        long mostPairs = 0;
        for (List<ScoredEntity> entities : kept) {
            relations.add(new LinkedHashMap<>());
            mostPairs = Math.max(mostPairs, (long) entities.size() * (entities.size() - 1));
        }
        // Pairs grow with the square of the kept spans: score them in bounded chunks (SpERT's max_pairs).
        for (long from = 0; from < mostPairs; from += MAX_PAIRS_PER_DOCUMENT) {
            List<DocumentSamples> chunk = new ArrayList<>(docs.size());
            for (int b = 0; b < docs.size(); b++) {
                chunk.add(pairsOf(docs.get(b), kept.get(b), from, from + MAX_PAIRS_PER_DOCUMENT));
            }
            scoreRelations(m, ps, encoded, chunk, relations);
        }
        return relations;
    }

    /** By head, then by tail (or, for SpERT's symmetric order, by the pair's place in SpERT's enumeration). */
    private List<ScoredRelation> inOutputOrder(Map<List<Integer>, Found> relations) {
        List<Found> found = new ArrayList<>(relations.values());
        found.sort(Comparator.comparingInt((Found f) -> f.relation().head()).thenComparing(
                model.config().symmetricBySpanStart() ? Comparator.comparingLong(Found::spertOrder)
                        : Comparator.comparingInt((Found f) -> f.relation().tail())));
        List<ScoredRelation> sorted = new ArrayList<>(found.size());
        found.forEach(f -> sorted.add(f.relation()));
        return sorted;
    }

    /**
     * The batch's [CLS] vectors and range-max table, computed under a scope of their own so that only those two
     * outlive the encoder: its activations are freed on return. Windows of documents over the encoder's positions
     * are encoded {@link Pieces#windowsPerCall} at a time.
     */
    private SpanRelModel.EncodedBatch encode(NDManager m, ParameterStore ps, SpanBatch batch) {
        try (NDManager scope = m.newSubManager()) {
            NDArray hidden;
            if (batch.windows == null) {
                hidden = encoderCall(scope, ps, batch.inputIds, batch.attentionMask, 0, batch.batchSize, batch.seqLen);
            } else {
                EncoderWindows w = batch.windows;
                NDList groups = new NDList();
                for (int from = 0; from < w.windowCount; from += pieces.windowsPerCall()) {
                    int count = Math.min(pieces.windowsPerCall(), w.windowCount - from);
                    groups.add(encoderCall(scope, ps, w.ids, w.mask, from, count, w.maxPositions));
                }
                NDArray windowHidden = groups.size() == 1 ? groups.get(0) : NDArrays.concat(groups, 0);
                long size = windowHidden.getShape().get(2);
                NDArray gather = scope.create(w.gather, new Shape(batch.batchSize, batch.seqLen));
                hidden = SpanRelModel.gatherRows(windowHidden.reshape(-1, size), gather);
            }
            NDArray wordPieces = scope.create(batch.wordPieces, new Shape(batch.batchSize, batch.wordLen, batch.piecesPerWord));
            SpanRelModel.EncodedBatch encoded = SpanRelModel.encodeHidden(hidden, wordPieces);
            encoded.cls().attach(m);
            encoded.rangeMaxTable().attach(m);
            return encoded;
        }
    }

    /**
     * The encoder's output for sequences {@code [from, from + count)} of flat {@code [n × length]} ids and mask, in
     * {@code scope}; the call's activations live in a scope of their own, freed before the next call.
     */
    private NDArray encoderCall(NDManager scope, ParameterStore ps, long[] ids, long[] mask, int from, int count, int length) {
        callSizes.encoder(count, length);
        try (NDManager call = scope.newSubManager()) {
            Shape shape = new Shape(count, length);
            int start = from * length;
            int end = start + count * length;
            NDArray idArray = call.create(java.util.Arrays.copyOfRange(ids, start, end), shape);
            NDArray maskArray = call.create(java.util.Arrays.copyOfRange(mask, start, end), shape);
            NDArray hidden = model.encoder().forward(ps, new NDList(idArray, maskArray), false).singletonOrThrow();
            hidden.attach(scope);
            return hidden;
        }
    }

    /**
     * The tempered softmax over entity classes of every span slot, {@code [batch × spansPerDoc × classes]} flat: in
     * one call when the batch's slots fit {@link Pieces#spanSlotsPerCall}, else in column blocks of spans, each
     * under its own scope.
     */
    private float[] entityProbabilities(NDManager m, ParameterStore ps, SpanRelModel.EncodedBatch encoded, SpanBatch batch) {
        int docs = batch.batchSize;
        int spans = batch.spansPerDoc;
        int classes = model.entityClasses();
        int perCall = Math.max(1, pieces.spanSlotsPerCall() / docs);
        float[] probabilities = new float[docs * spans * classes];
        int from = 0;
        do {
            int count = Math.min(perCall, spans - from);
            callSizes.entities((long) docs * count);
            try (NDManager call = m.newSubManager()) {
                Shape shape = new Shape(docs, count);
                NDArray left = call.create(columns(batch.spanLeft, docs, spans, from, count), shape);
                NDArray right = call.create(columns(batch.spanRight, docs, spans, from, count), shape);
                NDArray width = call.create(columns(batch.spanWidth, docs, spans, from, count), shape);
                // The [CLS] vectors are broadcast over the spans: a copy in the call's scope keeps that there too.
                NDArray cls = encoded.cls().duplicate();
                cls.attach(call);
                SpanRelModel.EncodedBatch scoped = new SpanRelModel.EncodedBatch(cls, encoded.rangeMaxTable());
                NDArray logits = model.entityLogits(ps, scoped, left, right, width, false);
                float[] block = logits.div(model.config().entityTemperature()).softmax(-1).toFloatArray();
                for (int b = 0; b < docs; b++) {
                    System.arraycopy(block, b * count * classes, probabilities, (b * spans + from) * classes, count * classes);
                }
            }
            from += count;
        } while (from < spans);
        return probabilities;
    }

    /** Columns {@code [from, from + count)} of a row-major {@code [rows × width]} array. */
    private static long[] columns(long[] values, int rows, int width, int from, int count) {
        if (from == 0 && count == width) {
            return values;
        }
        long[] out = new long[rows * count];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * width + from, out, r * count, count);
        }
        return out;
    }

    /**
     * How many entities a document of {@code words} words keeps at most. Pairs, and so decoding time, grow with the
     * square of the kept entities: an untrained or badly trained model that calls most of the ~10 spans per word
     * entities would otherwise score millions of pairs on a long document. One entity per word (at least 64) is far
     * above what annotated text holds (the CoNLL04, SciERC and ADE test sets have 0.12-0.13 entities per word and
     * at most 13 in a sentence), so a working model never meets the limit.
     */
    static int entityLimit(int words) {
        return Math.max(MIN_ENTITY_LIMIT, words);
    }

    /** The {@code limit} most probable entities (ties: earlier span first), in text order. */
    static List<ScoredEntity> mostLikely(List<ScoredEntity> entities, int limit) {
        Comparator<ScoredEntity> textOrder = Comparator.comparingInt(ScoredEntity::start).thenComparingInt(ScoredEntity::end);
        List<ScoredEntity> kept = new ArrayList<>(entities);
        if (kept.size() > limit) {
            kept.sort(Comparator.comparingDouble(ScoredEntity::score).reversed().thenComparing(textOrder));
            kept = new ArrayList<>(kept.subList(0, limit));
        }
        kept.sort(textOrder);
        return kept;
    }

    /**
     * Kept spans become the span list; the ordered pairs of distinct kept spans with index in {@code [from, to)}
     * (pair k is head k / (n − 1), tail the (k mod (n − 1))-th other span) are the candidates.
     */
    private static DocumentSamples pairsOf(EncodedDocument doc, List<ScoredEntity> entities, long from, long to) {
        int n = entities.size();
        int[] starts = new int[n];
        int[] ends = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = entities.get(i).start();
            ends[i] = entities.get(i).end();
            labels[i] = entities.get(i).type().index();
        }
        long total = (long) n * (n - 1);
        int count = (int) Math.max(0, Math.min(to, total) - from);
        int[] heads = new int[count];
        int[] tails = new int[count];
        int[] headTypes = new int[count];
        int[] tailTypes = new int[count];
        for (int p = 0; p < count; p++) {
            long k = from + p;
            int h = (int) (k / (n - 1));
            int t = (int) (k % (n - 1));
            if (t >= h) {
                t++;
            }
            heads[p] = h;
            tails[p] = t;
            headTypes[p] = labels[h];
            tailTypes[p] = labels[t];
        }
        return new DocumentSamples(doc, starts, ends, labels, heads, tails, new float[0], headTypes, tailTypes);
    }

    /**
     * A relation found, with its place in SpERT's output order: SpERT lists a sentence's relations by head, and
     * those of one head in the order it scored them (pairs by its span enumeration, widest last, then by type).
     */
    private record Found(ScoredRelation relation, long spertOrder) {
        /** The two directions of a symmetric pair are one relation: the higher score, the earlier place. */
        Found merge(Found other) {
            ScoredRelation best = relation.score() >= other.relation.score() ? relation : other.relation;
            return new Found(best, Math.min(spertOrder, other.spertOrder));
        }
    }

    /** Where SpERT enumerates span [start, end) among a document's candidates: by width, then by start. */
    private static long enumerationIndex(int start, int end, int words) {
        return (long) (end - start - 1) * words + start;
    }

    /** Scores one chunk of pairs and adds the relations that pass the threshold to each document's map. */
    private void scoreRelations(NDManager m, ParameterStore ps, SpanRelModel.EncodedBatch encoded,
            List<DocumentSamples> pairSamples, List<Map<List<Integer>, Found>> relations) {
        ModelConfig config = model.config();
        // Never encoded (the first stage's table is reused), so no encoder windows are built for it.
        SpanBatch pairBatch = new SpanBatch(pairSamples, model.relationTypes(), config.widthEmbeddingCount(), padId);
        if (pairBatch.pairsPerDoc == 0) {
            return;
        }
        callSizes.relations((long) pairBatch.batchSize * pairBatch.pairsPerDoc);
        // The same documents in the same order give the same range-max table layout as the first stage.
        try (NDManager chunk = m.newSubManager()) {
            BatchTensors tensors = BatchTensors.of(chunk, pairBatch);
            NDArray logits = model.relationLogits(ps, encoded, tensors.pairs().orElseThrow(), false);
            float[] probabilities = ai.djl.nn.Activation.sigmoid(logits.div(config.relationTemperature())).toFloatArray();
            int relationTypes = model.relationTypes();
            for (int b = 0; b < pairSamples.size(); b++) {
                DocumentSamples s = pairSamples.get(b);
                for (int p = 0; p < s.pairCount(); p++) {
                    for (int r = 0; r < relationTypes; r++) {
                        float probability = probabilities[(b * pairBatch.pairsPerDoc + p) * relationTypes + r];
                        if (probability < relationThreshold) {
                            continue;
                        }
                        RelationType type = types.relationType(r + 1);
                        int head = s.pairHeads()[p];
                        int tail = s.pairTails()[p];
                        int words = s.document().wordCount();
                        long headPlace = enumerationIndex(s.spanStarts()[head], s.spanEnds()[head], words);
                        long tailPlace = enumerationIndex(s.spanStarts()[tail], s.spanEnds()[tail], words);
                        long spertOrder = (headPlace * config.maxSpanSize() * words + tailPlace) * relationTypes + r;
                        // Entities are sorted, so the smaller index is the earlier span.
                        boolean turn = config.symmetricBySpanStart() ? s.spanStarts()[tail] < s.spanStarts()[head] : head > tail;
                        if (type.symmetric() && turn) {
                            int swap = head;
                            head = tail;
                            tail = swap;
                        }
                        Found relation = new Found(new ScoredRelation(type, head, tail, probability), spertOrder);
                        relations.get(b).merge(List.of(type.index(), head, tail), relation, Found::merge);
                    }
                }
            }
        }
    }
}
