package dev.spanrel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.spanrel.data.RelationType;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.train.NegativeSampler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference (method.md section 4): classify every span up to maxSpanSize, keep those whose argmax is an entity type,
 * score every ordered pair of kept spans, keep relation types with probability ≥ threshold. Symmetric relations are
 * put in canonical order and de-duplicated. The encoder runs once per batch for both stages. The threshold is the
 * model's own unless the decoder is given another: it trades relation precision against recall without retraining.
 *
 * <p>Two settings of {@link ModelConfig} make it decode exactly as SpERT does (a model imported from SpERT has
 * both): {@code keepAllEntities} lifts the cap on entities per document, {@code symmetricBySpanStart} orders
 * symmetric relations by their spans' starts only and lists relations in SpERT's order.
 */
public final class SpanDecoder {
    /** Pairs scored at once per document, bounding memory when a sentence has many candidate entities. */
    static final int MAX_PAIRS_PER_DOCUMENT = 1000;
    /** The fewest entities a document may keep, however short; see {@link #entityLimit}. */
    static final int MIN_ENTITY_LIMIT = 64;

    private final SpanRelModel model;
    private final TypeSystem types;
    private final int padId;
    private final int maxPositions;
    private final double relationThreshold;

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
        if (!(relationThreshold >= 0)) {
            throw new IllegalArgumentException("relation threshold must be 0 or more, not " + relationThreshold);
        }
        this.model = model;
        this.types = types;
        this.padId = padId;
        this.maxPositions = maxPositions;
        this.relationThreshold = relationThreshold;
    }

    /**
     * Predictions for one batch of documents (callers choose the batch size).
     *
     * @param parent the manager under which the batch's arrays are made and freed
     * @param docs the encoded documents
     * @return one prediction per document
     */
    public List<SentencePrediction> decode(NDManager parent, List<EncodedDocument> docs) {
        ModelConfig config = model.config();
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            List<DocumentSamples> candidates = new ArrayList<>(docs.size());
            for (EncodedDocument doc : docs) {
                candidates.add(NegativeSampler.allSpans(doc, config.maxSpanSize()));
            }
            SpanBatch spanBatch = new SpanBatch(candidates, model.relationTypes(), config.widthEmbeddingCount(), padId, maxPositions);
            BatchTensors tensors = BatchTensors.of(m, spanBatch);
            SpanRelModel.EncodedBatch encoded = model.encode(ps, tensors, false);
            NDArray logits = model.entityLogits(ps, encoded, tensors.spanLeft(), tensors.spanRight(), tensors.spanWidth(), false);
            float[] probabilities = logits.div(config.entityTemperature()).softmax(-1).toFloatArray();

            int classes = model.entityClasses();
            List<List<ScoredEntity>> kept = new ArrayList<>(docs.size());
            for (int b = 0; b < docs.size(); b++) {
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
                kept.add(mostLikely(entities, config.keepAllEntities() ? Integer.MAX_VALUE : entityLimit(c.document().wordCount())));
            }
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
            List<SentencePrediction> out = new ArrayList<>(docs.size());
            for (int b = 0; b < docs.size(); b++) {
                List<Found> found = new ArrayList<>(relations.get(b).values());
                found.sort(Comparator.comparingInt((Found f) -> f.relation().head()).thenComparing(
                        config.symmetricBySpanStart() ? Comparator.comparingLong(Found::spertOrder)
                                : Comparator.comparingInt((Found f) -> f.relation().tail())));
                List<ScoredRelation> sorted = new ArrayList<>(found.size());
                found.forEach(f -> sorted.add(f.relation()));
                out.add(new SentencePrediction(kept.get(b), sorted));
            }
            return out;
        }
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
        SpanBatch pairBatch = new SpanBatch(pairSamples, model.relationTypes(), config.widthEmbeddingCount(), padId, maxPositions);
        if (pairBatch.pairsPerDoc == 0) {
            return;
        }
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
