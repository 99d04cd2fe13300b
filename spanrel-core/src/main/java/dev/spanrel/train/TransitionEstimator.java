package dev.spanrel.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.SpanBatch;
import dev.spanrel.model.SpanRelModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Estimates the label-noise transitions of the training data from the model being trained: one pass without
 * dropout over every training sentence's gold-positive spans and pairs (no negatives), counting what the model
 * confidently predicts against the observed labels ({@link TransitionCounts}). Only the training data and the
 * model are read; the matrix that made any synthetic noise is not.
 */
final class TransitionEstimator {
    private final SpanRelModel model;
    private final int padId;
    private final int maxPositions;
    private final int batchSize;

    TransitionEstimator(SpanRelModel model, int padId, int maxPositions, int batchSize) {
        this.model = model;
        this.padId = padId;
        this.maxPositions = maxPositions;
        this.batchSize = batchSize;
    }

    TransitionCounts count(NDManager manager, List<EncodedDocument> train, TrainConfig config) {
        TransitionCounts counts = new TransitionCounts(model.entityClasses() - 1, model.relationTypes(),
                config.robustness().forwardCorrectionConfidence());
        // With no negatives asked for, the sampler takes the gold labels only and draws nothing.
        NegativeSampler positivesOnly = new NegativeSampler(new SamplingConfig(0, 0, 0, config.model().maxSpanSize()),
                model.relationTypes());
        Random unused = new Random(0);
        List<DocumentSamples> batch = new ArrayList<>();
        for (EncodedDocument doc : train) {
            if (doc.document().entities().isEmpty()) {
                continue;
            }
            batch.add(positivesOnly.sample(doc, unused));
            if (batch.size() == batchSize) {
                count(manager, batch, counts, config);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            count(manager, batch, counts, config);
        }
        return counts;
    }

    private void count(NDManager manager, List<DocumentSamples> samples, TransitionCounts counts, TrainConfig config) {
        try (NDManager scope = manager.newSubManager()) {
            SpanBatch batch = new SpanBatch(samples, model.relationTypes(), model.config().widthEmbeddingCount(), padId, maxPositions);
            BatchTensors tensors = BatchTensors.of(scope, batch);
            SpanRelModel.Outputs out = model.forward(new ParameterStore(scope, false), tensors, false);
            counts.addSpans(out.entityLogits().div(config.model().entityTemperature()).softmax(-1).toFloatArray(),
                    batch.spanLabels, batch.spanMask);
            if (out.relationLogits().isPresent()) {
                counts.addPairs(Activation.sigmoid(out.relationLogits().get().div(config.model().relationTemperature())).toFloatArray(),
                        batch.pairLabels, batch.pairMask);
            }
        }
    }
}
