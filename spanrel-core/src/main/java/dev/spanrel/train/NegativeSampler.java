package dev.spanrel.train;

import dev.spanrel.data.Document;
import dev.spanrel.data.EntityMention;
import dev.spanrel.data.RelationMention;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.EncodedDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws one training sample of a sentence: all gold entities and relations, plus negatives drawn uniformly
 * without replacement (docs/method.md section 3). Called anew every epoch, so negatives change between epochs.
 */
final class NegativeSampler {
    private final SamplingConfig config;
    private final int relationTypes;

    /**
     * A sampler with these settings, for a model with this many relation types.
     *
     * @param config how many negatives to draw and the span limit
     * @param relationTypes the relation types, the width of a pair's label row
     */
    public NegativeSampler(SamplingConfig config, int relationTypes) {
        this.config = config;
        this.relationTypes = relationTypes;
    }

    /**
     * A training sample of a document: its gold entities and relations and randomly drawn negative spans and pairs.
     *
     * @param encoded the document with its encoding
     * @param random the source of the draws
     * @return the spans and pairs with their labels
     */
    public DocumentSamples sample(EncodedDocument encoded, Random random) {
        Document doc = encoded.document();
        // Positive spans: gold entities, an exact duplicate (same span, same type) counted once.
        List<EntityMention> positives = new ArrayList<>();
        Map<Integer, Integer> spanOfEntity = new HashMap<>();
        Set<Long> goldSpans = new HashSet<>();
        for (int e = 0; e < doc.entities().size(); e++) {
            EntityMention m = doc.entities().get(e);
            int existing = positives.indexOf(m);
            if (existing < 0) {
                existing = positives.size();
                positives.add(m);
            }
            spanOfEntity.put(e, existing);
            goldSpans.add(spanKey(m.start(), m.end()));
        }

        List<long[]> negativeSpans = new ArrayList<>();
        int words = doc.tokens().size();
        for (int width = 1; width <= config.maxSpanSize(); width++) {
            for (int start = 0; start + width <= words; start++) {
                if (!goldSpans.contains(spanKey(start, start + width))) {
                    negativeSpans.add(new long[] {start, start + width});
                }
            }
        }
        List<long[]> chosenSpans = drawWithoutReplacement(negativeSpans, config.entityNegatives(positives.size()), random);

        int spanCount = positives.size() + chosenSpans.size();
        int[] starts = new int[spanCount];
        int[] ends = new int[spanCount];
        int[] labels = new int[spanCount];
        for (int i = 0; i < positives.size(); i++) {
            starts[i] = positives.get(i).start();
            ends[i] = positives.get(i).end();
            labels[i] = positives.get(i).type().index();
        }
        for (int i = 0; i < chosenSpans.size(); i++) {
            starts[positives.size() + i] = (int) chosenSpans.get(i)[0];
            ends[positives.size() + i] = (int) chosenSpans.get(i)[1];
        }

        // Positive pairs: gold relations grouped by ordered pair, multi-hot over relation types; symmetric types
        // in canonical order (earlier span first), their reverse excluded from the negatives.
        Map<Long, float[]> positivePairs = new LinkedHashMap<>();
        Set<Long> excluded = new HashSet<>();
        for (RelationMention r : doc.relations()) {
            int head = spanOfEntity.get(r.head());
            int tail = spanOfEntity.get(r.tail());
            if (r.type().symmetric() && isAfter(positives.get(head), positives.get(tail))) {
                int swap = head;
                head = tail;
                tail = swap;
            }
            positivePairs.computeIfAbsent(pairKey(head, tail), k -> new float[relationTypes])[r.type().index() - 1] = 1f;
            if (r.type().symmetric()) {
                excluded.add(pairKey(tail, head));
            }
        }
        List<long[]> negativePairs = new ArrayList<>();
        for (int h = 0; h < positives.size(); h++) {
            for (int t = 0; t < positives.size(); t++) {
                long key = pairKey(h, t);
                if (h != t && !positivePairs.containsKey(key) && !excluded.contains(key)) {
                    negativePairs.add(new long[] {h, t});
                }
            }
        }
        List<long[]> chosenPairs = drawWithoutReplacement(negativePairs, config.relationNegatives(positivePairs.size()), random);

        int pairCount = positivePairs.size() + chosenPairs.size();
        int[] heads = new int[pairCount];
        int[] tails = new int[pairCount];
        float[] pairLabels = new float[pairCount * relationTypes];
        int p = 0;
        for (Map.Entry<Long, float[]> entry : positivePairs.entrySet()) {
            heads[p] = (int) (entry.getKey() >> 32);
            tails[p] = (int) (long) entry.getKey();
            System.arraycopy(entry.getValue(), 0, pairLabels, p * relationTypes, relationTypes);
            p++;
        }
        for (long[] pair : chosenPairs) {
            heads[p] = (int) pair[0];
            tails[p] = (int) pair[1];
            p++;
        }
        int[] headTypes = new int[pairCount];
        int[] tailTypes = new int[pairCount];
        for (int i = 0; i < pairCount; i++) {
            headTypes[i] = labels[heads[i]];
            tailTypes[i] = labels[tails[i]];
        }
        return new DocumentSamples(encoded, starts, ends, labels, heads, tails, pairLabels, headTypes, tailTypes);
    }


    static boolean isAfter(EntityMention a, EntityMention b) {
        return a.start() > b.start() || (a.start() == b.start() && a.end() > b.end());
    }

    private static <T> List<T> drawWithoutReplacement(List<T> pool, int count, Random random) {
        int n = Math.min(count, pool.size());
        List<T> copy = new ArrayList<>(pool);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(copy.size() - i);
            T tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return new ArrayList<>(copy.subList(0, n));
    }

    private static long spanKey(int start, int end) {
        return ((long) start << 32) | end;
    }

    private static long pairKey(int head, int tail) {
        return ((long) head << 32) | (tail & 0xffffffffL);
    }
}
