package dev.spanrel.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.SpanBatch;
import dev.spanrel.model.SpanRelModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The training loop (docs/method.md section 5): per epoch, batches of similar-length documents in random order, each
 * sampled ({@link NegativeSampler}), forward, loss ({@link TrainingObjective}), backward and one {@link AdamW}
 * update on the linear schedule. Everything else a run does is a {@link TrainingListener}, told in order; the run
 * that sets the loop up, reads the data and writes the results is {@link TrainingRun}.
 */
final class Trainer {
    private final TrainConfig config;
    private final SpanRelModel model;
    private final AdamW optimizer;
    private final NegativeSampler sampler;
    private final NDManager manager;
    private final int padId;
    private final int maxPositions;

    Trainer(TrainConfig config, SpanRelModel model, AdamW optimizer, NDManager manager, int padId, int maxPositions) {
        this.config = config;
        this.model = model;
        this.optimizer = optimizer;
        this.sampler = new NegativeSampler(config.samplingConfig(), model.relationTypes());
        this.manager = manager;
        this.padId = padId;
        this.maxPositions = maxPositions;
    }

    /** The updates of one epoch over {@code train} (full batches only). */
    static int stepsPerEpoch(TrainConfig config, int trainDocuments) {
        return Math.max(1, trainDocuments / config.optimization().batchSize());
    }

    /**
     * Trains from where {@code state} stands to the config's last epoch, telling {@code listeners} in order.
     *
     * @param train the encoded training documents
     * @param state where the training stands (epochs and updates done before, for a resumed run)
     * @param listeners told of the training's course, in this order
     */
    void fit(List<EncodedDocument> train, TrainingState state, List<TrainingListener> listeners) {
        TrainingObjective objective = state.objective();
        LinearSchedule schedule = new LinearSchedule(config.optimization().learningRate(),
                stepsPerEpoch(config, train.size()) * config.optimization().epochs(),
                config.optimization().warmup());
        listeners.forEach(l -> l.onTrainingBegin(state));
        for (int epoch = state.epochsDone(); epoch < config.optimization().epochs(); epoch++) {
            // Seeding per epoch makes a resumed run draw exactly what an uninterrupted one would.
            Random random = new Random(config.optimization().seed() * 1_000_003L + epoch);
            Engine.getInstance().setRandomSeed((int) (config.optimization().seed() * 1009 + epoch));
            model.encoder().dropoutMasks().reseed(config.optimization().seed() * 1009 + epoch);
            List<List<EncodedDocument>> batches = batches(train, random);
            state.beginEpoch(batches.size());
            listeners.forEach(l -> l.onEpochBegin(state));
            for (List<EncodedDocument> batch : batches) {
                List<DocumentSamples> samples = new ArrayList<>();
                for (EncodedDocument doc : batch) {
                    samples.add(sampler.sample(doc, random));
                }
                UpdateResult update = step(objective, samples, state.stepsDone(), (float) schedule.rate(state.stepsDone()));
                state.updated(samples.size());
                listeners.forEach(l -> l.onUpdate(state, update));
            }
            state.endEpoch();
            listeners.forEach(l -> l.onEpochEnd(state));
        }
        listeners.forEach(l -> l.onTrainingEnd(state));
    }

    /**
     * {@code warmup} updates, then {@code steps} timed ones, over real batches at the config's learning rate (no
     * schedule); with a trace file, libtorch's profiler records the timed updates into it.
     */
    TrainingThroughput measure(List<EncodedDocument> encoded, int warmup, int steps, Optional<Path> profileTrace) {
        TrainingObjective objective = new TrainingObjective(config, warmup + steps);
        Random random = new Random(config.optimization().seed());
        List<List<EncodedDocument>> batches = new ArrayList<>();
        while (batches.size() < warmup + steps) {
            batches.addAll(batches(encoded, random));
        }
        long nanos = 0, forwardBackward = 0, optimizerNanos = 0;
        int sentences = 0, subTokens = 0, paddedSubTokens = 0;
        for (int i = 0; i < warmup + steps; i++) {
            List<DocumentSamples> samples = new ArrayList<>();
            for (EncodedDocument doc : batches.get(i)) {
                samples.add(sampler.sample(doc, random));
            }
            if (i == warmup && profileTrace.isPresent()) {
                JniUtils.startProfile(false, true, false);
            }
            long start = System.nanoTime();
            UpdateResult result = step(objective, samples, i, (float) config.optimization().learningRate());
            if (i >= warmup) {
                nanos += System.nanoTime() - start;
                forwardBackward += result.forwardBackwardNanos();
                optimizerNanos += result.optimizerNanos();
                int longest = 0;
                for (EncodedDocument doc : batches.get(i)) {
                    subTokens += doc.subTokenCount();
                    longest = Math.max(longest, doc.subTokenCount());
                }
                paddedSubTokens += longest * batches.get(i).size();
                sentences += batches.get(i).size();
            }
        }
        profileTrace.ifPresent(trace -> JniUtils.stopProfile(trace.toAbsolutePath().toString()));
        return new TrainingThroughput(steps, sentences, subTokens, paddedSubTokens, nanos / 1e9, forwardBackward / 1e9,
                optimizerNanos / 1e9, encoded.size());
    }

    /**
     * Full batches of documents of similar length (little padding), in random order. As SpERT, the last
     * incomplete batch is dropped; which documents fall into it changes every epoch.
     */
    List<List<EncodedDocument>> batches(List<EncodedDocument> docs, Random random) {
        List<EncodedDocument> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, random);
        int size = Math.min(config.optimization().batchSize(), shuffled.size());
        int usable = shuffled.size() / size * size;
        List<List<EncodedDocument>> batches = new ArrayList<>();
        int chunk = size * 50;
        for (int from = 0; from < usable; from += chunk) {
            List<EncodedDocument> part = new ArrayList<>(shuffled.subList(from, Math.min(usable, from + chunk)));
            part.sort(Comparator.comparingInt(EncodedDocument::subTokenCount));
            for (int i = 0; i < part.size(); i += size) {
                batches.add(part.subList(i, i + size));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /**
     * One update: per pass ({@link BatchPass}; one unless the batch is over {@code maxPassSubTokens}) the tensors,
     * forward, loss, backward and the gathered rows' gradients folded, then AdamW over the summed gradients.
     */
    private UpdateResult step(TrainingObjective objective, List<DocumentSamples> samples, int stepIndex, float learningRate) {
        long start = System.nanoTime();
        float lossValue = 0;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (BatchPass pass : BatchPass.of(samples, config.optimization().maxPassSubTokens())) {
                // a scope per pass, so that one pass's activations are freed before the next is built
                try (NDManager scope = manager.newSubManager()) {
                    SpanBatch batch = new SpanBatch(pass.samples(), model.relationTypes(), model.config().widthEmbeddingCount(), padId,
                            maxPositions);
                    BatchTensors tensors = BatchTensors.of(scope, batch);
                    ParameterStore ps = new ParameterStore(scope, false);
                    SpanRelModel.Outputs out = model.forward(ps, tensors, true);
                    NDArray loss = objective.loss(out, tensors, stepIndex, pass.entityWeight(), pass.relationWeight());
                    collector.backward(loss);
                    model.encoder().foldGatheredRows(); // before the scope, which holds the gathered rows, closes
                    lossValue += loss.getFloat();
                }
            }
        }
        long middle = System.nanoTime();
        float norm = optimizer.step(learningRate);
        return new UpdateResult(lossValue, norm, samples, middle - start, System.nanoTime() - middle);
    }
}
