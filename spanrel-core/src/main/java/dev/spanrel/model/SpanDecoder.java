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
 * put in canonical order and de-duplicated. The encoder runs once per batch for both stages.
 */
public final class SpanDecoder {
    private final SpanRelModel model;
    private final TypeSystem types;
    private final int padId;
    private final int maxPositions;

    public SpanDecoder(SpanRelModel model, TypeSystem types, int padId, int maxPositions) {
        this.model = model;
        this.types = types;
        this.padId = padId;
        this.maxPositions = maxPositions;
    }

    /** Predictions for one batch of documents (callers choose the batch size). */
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
            List<DocumentSamples> pairSamples = new ArrayList<>(docs.size());
            boolean anyPair = false;
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
                entities.sort(Comparator.comparingInt(ScoredEntity::start).thenComparingInt(ScoredEntity::end));
                kept.add(entities);
                DocumentSamples pairs = pairsOf(docs.get(b), entities);
                anyPair |= pairs.pairCount() > 0;
                pairSamples.add(pairs);
            }
            List<List<ScoredRelation>> relations = new ArrayList<>();
            if (anyPair) {
                relations = relationsOf(m, ps, encoded, pairSamples, kept);
            } else {
                for (int b = 0; b < docs.size(); b++) {
                    relations.add(List.of());
                }
            }
            List<SentencePrediction> out = new ArrayList<>(docs.size());
            for (int b = 0; b < docs.size(); b++) {
                out.add(new SentencePrediction(kept.get(b), relations.get(b)));
            }
            return out;
        }
    }

    /** Kept spans become the span list; every ordered pair of distinct kept spans is a candidate. */
    private static DocumentSamples pairsOf(EncodedDocument doc, List<ScoredEntity> entities) {
        int n = entities.size();
        int[] starts = new int[n];
        int[] ends = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = entities.get(i).start();
            ends[i] = entities.get(i).end();
            labels[i] = entities.get(i).type().index();
        }
        int pairs = n * (n - 1);
        int[] heads = new int[pairs];
        int[] tails = new int[pairs];
        int[] headTypes = new int[pairs];
        int[] tailTypes = new int[pairs];
        int p = 0;
        for (int h = 0; h < n; h++) {
            for (int t = 0; t < n; t++) {
                if (h != t) {
                    heads[p] = h;
                    tails[p] = t;
                    headTypes[p] = labels[h];
                    tailTypes[p] = labels[t];
                    p++;
                }
            }
        }
        return new DocumentSamples(doc, starts, ends, labels, heads, tails, new float[0], headTypes, tailTypes);
    }

    private List<List<ScoredRelation>> relationsOf(NDManager m, ParameterStore ps, SpanRelModel.EncodedBatch encoded,
            List<DocumentSamples> pairSamples, List<List<ScoredEntity>> kept) {
        ModelConfig config = model.config();
        SpanBatch pairBatch = new SpanBatch(pairSamples, model.relationTypes(), config.widthEmbeddingCount(), padId, maxPositions);
        // The same documents in the same order give the same range-max table layout as the first stage.
        BatchTensors tensors = BatchTensors.of(m, pairBatch);
        NDArray logits = model.relationLogits(ps, encoded, tensors.pairs().orElseThrow(), false);
        float[] probabilities = ai.djl.nn.Activation.sigmoid(logits.div(config.relationTemperature())).toFloatArray();
        int relationTypes = model.relationTypes();
        List<List<ScoredRelation>> out = new ArrayList<>();
        for (int b = 0; b < pairSamples.size(); b++) {
            DocumentSamples s = pairSamples.get(b);
            List<ScoredEntity> entities = kept.get(b);
            Map<List<Integer>, ScoredRelation> unique = new LinkedHashMap<>();
            for (int p = 0; p < s.pairCount(); p++) {
                for (int r = 0; r < relationTypes; r++) {
                    float probability = probabilities[(b * pairBatch.pairsPerDoc + p) * relationTypes + r];
                    if (probability < config.relationThreshold()) {
                        continue;
                    }
                    RelationType type = types.relationType(r + 1);
                    int head = s.pairHeads()[p];
                    int tail = s.pairTails()[p];
                    // Entities are sorted, so the smaller index is the earlier span.
                    if (type.symmetric() && head > tail) {
                        int swap = head;
                        head = tail;
                        tail = swap;
                    }
                    ScoredRelation relation = new ScoredRelation(type, head, tail, probability);
                    unique.merge(List.of(type.index(), head, tail), relation, (a, c) -> a.score() >= c.score() ? a : c);
                }
            }
            List<ScoredRelation> relations = new ArrayList<>(unique.values());
            relations.sort(Comparator.comparingInt(ScoredRelation::head).thenComparingInt(ScoredRelation::tail));
            out.add(relations);
        }
        return out;
    }
}
