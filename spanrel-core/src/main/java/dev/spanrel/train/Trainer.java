package dev.spanrel.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.SpertJson;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.Bf16Weights;
import dev.spanrel.encoder.Encoders;
import dev.spanrel.encoder.Precision;
import dev.spanrel.encoder.PretrainedEncoder;
import dev.spanrel.encoder.WordEmbeddingRows;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.EvaluationReport;
import dev.spanrel.eval.Evaluator;
import dev.spanrel.model.BatchTensors;
import dev.spanrel.model.DocumentSamples;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.SavedModel;
import dev.spanrel.model.SpanBatch;
import dev.spanrel.model.SpanRelModel;
import dev.spanrel.noise.LabelNoise;
import dev.spanrel.noise.NoiseConfig;
import dev.spanrel.noise.NoiseReport;
import dev.spanrel.noise.NoisyDocuments;
import dev.spanrel.text.WordPieceTokenizer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Trains a {@link SpanRelModel} as {@link TrainConfig} says (docs/method.md section 5), writing into a run directory:
 * {@code checkpoint.*} after every epoch (for {@code --resume}), {@code model/} (the trained model) and
 * {@code results.json} (dev history, test scores, provenance) at the end.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainConfig config;
    private final DataDirectory data;
    private final PrintStream log;
    private final boolean terminal;
    private final EpochListener listener;

    /** Told after every finished epoch, once its checkpoint is on disk (a hook for callers and tests). */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * Called after an epoch's checkpoint is written.
         *
         * @param epochsDone the number of epochs finished so far, counting those of a resumed run
         */
        void epochFinished(int epochsDone);
    }

    /**
     * A trainer that is told of no epoch.
     *
     * @param config what to train and how
     * @param data the directory the config's data paths resolve against
     * @param log where progress and dev scores are written
     * @param terminal true when {@code log} is a terminal, so progress is redrawn in place rather than printed per line
     */
    public Trainer(TrainConfig config, DataDirectory data, PrintStream log, boolean terminal) {
        this(config, data, log, terminal, epochsDone -> {});
    }

    /**
     * A trainer that tells {@code listener} of every finished epoch.
     *
     * @param config what to train and how
     * @param data the directory the config's data paths resolve against
     * @param log where progress and dev scores are written
     * @param terminal true when {@code log} is a terminal, so progress is redrawn in place rather than printed per line
     * @param listener told after every epoch whose checkpoint is on disk
     */
    public Trainer(TrainConfig config, DataDirectory data, PrintStream log, boolean terminal, EpochListener listener) {
        this.config = config;
        this.data = data;
        this.log = log;
        this.terminal = terminal;
        this.listener = listener;
    }

    /**
     * Runs training and final evaluation; returns the contents of {@code results.json}. A fresh run
     * ({@code resume} false) is refused over a directory that holds a run; see {@link RunDirectory}.
     *
     * @param runDir the run directory, created if missing
     * @param resume true to continue the run there from its checkpoint
     * @return the contents of {@code results.json}
     */
    public ObjectNode train(Path runDir, boolean resume) {
        return train(runDir, resume ? RunDirectory.Start.RESUME : RunDirectory.Start.FRESH);
    }

    /**
     * Runs training and final evaluation with the run directory locked for the whole run, starting as
     * {@code start} says; returns the contents of {@code results.json}.
     *
     * @param runDir the run directory, created if missing
     * @param start whether to begin a new run, resume the one there, or replace it
     * @return the contents of {@code results.json}
     */
    public ObjectNode train(Path runDir, RunDirectory.Start start) {
        try (RunDirectory claim = RunDirectory.claim(runDir, start, log)) {
            ObjectNode results = trainInto(claim.trainingDir(), claim.resumes());
            claim.finish();
            return results;
        }
    }

    private ObjectNode trainInto(Path runDir, boolean resume) {
        long wallStart = System.nanoTime();
        if (config.train().isEmpty() || config.types().isEmpty()) {
            throw new SpanrelException("the config must name 'train' and 'types' files");
        }
        Path typesFile = data.resolve(config.types());
        TypeSystem types = SpertJson.readTypes(typesFile);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("types", typesFile);
        files.put("train", data.resolve(config.train()));
        if (!config.dev().isEmpty()) {
            files.put("dev", data.resolve(config.dev()));
        }
        if (!config.test().isEmpty()) {
            files.put("test", data.resolve(config.test()));
        }
        TrainingDocuments training = readTraining(files.get("train"), types);
        List<Document> train = training.documents();
        List<Document> dev = files.containsKey("dev") ? read(files.get("dev"), types) : List.of();
        List<Document> test = files.containsKey("test") ? read(files.get("test"), types) : List.of();
        log.printf(Locale.ROOT, "data: %d train, %d dev, %d test documents%n", train.size(), dev.size(), test.size());
        // Taken before training, so the code version is that of the code that trains, whatever changes meanwhile.
        ObjectNode provenance = Provenance.of(files, config.seed());
        // What "auto" chose on this machine (or the precision the config names).
        provenance.put("precision", config.encoderPrecision().configName());

        try (NDManager manager = NDManager.newBaseManager(); Trainable t = trainable(types, manager)) {
            List<EncodedDocument> trainEncoded = encode(train, t.tokenizer());
            return run(runDir, resume, wallStart, types, provenance, training.noise(), dev, test, t.tokenizer(), manager, trainEncoded,
                    t.maxPositions(), t.model(), t.optimizer(), t.copies());
        }
    }

    /**
     * " (key: then → now, ...)" from the {@code config.json} the run was begun with, or "" when that file is gone or
     * unreadable: the refusal is right either way, the keys only tell what to set.
     */
    private static String differencesFromBegun(Path runDir, TrainConfig config) {
        Path begun = runDir.resolve("config.json");
        if (!Files.isRegularFile(begun)) {
            return "";
        }
        try {
            List<String> differences = config.identityDifferences(TrainConfig.read(begun, List.of()));
            return differences.isEmpty() ? "" : " (" + String.join(", ", differences) + ")";
        } catch (SpanrelException e) {
            return "";
        }
    }

    private static double secondsSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1e9;
    }

    private ObjectNode run(Path runDir, boolean resume, long wallStart, TypeSystem types, ObjectNode provenance,
            Optional<NoiseReport> trainNoise, List<Document> dev, List<Document> test, WordPieceTokenizer tokenizer, NDManager manager,
            List<EncodedDocument> trainEncoded, int maxPositions, SpanRelModel model, AdamW optimizer, Bf16Weights copies) {
        ObjectNode results = JSON.createObjectNode();
        {
            int stepsPerEpoch = Math.max(1, trainEncoded.size() / config.batchSize());
            LinearSchedule schedule = new LinearSchedule(config.learningRate(), stepsPerEpoch * config.epochs(), config.warmup());
            String digest = Integer.toHexString(config.identityJson().toString().hashCode());
            int startEpoch = 0;
            int step = 0;
            double earlierSeconds = 0;
            ArrayNode history = results.putArray("dev_history");
            TrainingObjective objective = new TrainingObjective(config, stepsPerEpoch * config.epochs());
            if (resume) {
                var state = Checkpoint.read(runDir);
                if (state.isPresent()) {
                    if (!state.get().configDigest().equals(digest)) {
                        throw new SpanrelException(runDir + ": the checkpoint was made with another config"
                                + differencesFromBegun(runDir, config) + "; resume with the same config or use a new --out");
                    }
                    Checkpoint.restore(runDir, model, optimizer);
                    if (copies != null) {
                        copies.refresh();
                    }
                    startEpoch = state.get().epochsDone();
                    step = state.get().stepsDone();
                    earlierSeconds = state.get().secondsSpent();
                    history.addAll(state.get().devHistory());
                    if (state.get().transitions() != null) {
                        objective.useTransitions(TransitionEstimate.fromJson(state.get().transitions(), runDir.resolve(Checkpoint.MANIFEST).toString()));
                    }
                    log.printf(Locale.ROOT, "resuming after epoch %d (%d updates)%n", startEpoch, step);
                }
            }
            AtomicFiles.writeString(runDir.resolve("config.json"), config.toJson().toPrettyString());

            NegativeSampler sampler = new NegativeSampler(config.samplingConfig(), types.relationTypeCount());
            int padId = tokenizer.padId();
            long epochsStart = System.nanoTime();
            for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                // Seeding per epoch makes a resumed run draw exactly what an uninterrupted one would.
                Random random = new Random(config.seed() * 1_000_003L + epoch);
                Engine.getInstance().setRandomSeed((int) (config.seed() * 1009 + epoch));
                List<List<EncodedDocument>> batches = batches(trainEncoded, random);
                Progress progress = new Progress(log, terminal, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, config.epochs()), batches.size());
                int sentences = 0;
                for (int b = 0; b < batches.size(); b++) {
                    List<DocumentSamples> samples = new ArrayList<>();
                    for (EncodedDocument doc : batches.get(b)) {
                        samples.add(sampler.sample(doc, random));
                    }
                    StepResult result = step(manager, model, optimizer, objective, samples, step, (float) schedule.rate(step), padId,
                            maxPositions);
                    step++;
                    sentences += samples.size();
                    if (!Float.isFinite(result.gradientNorm()) || !Float.isFinite(result.loss())) {
                        log.printf(Locale.ROOT, "%nupdate %d skipped: loss %s, gradient norm %s, non-finite gradients in %s, documents %s%n",
                                step, result.loss(), result.gradientNorm(), optimizer.lastNonFiniteGradients(), origIds(batches.get(b)));
                    }
                    progress.update(b + 1, sentences, result.loss());
                }
                if (!dev.isEmpty()) {
                    Evaluation evaluation = evaluate(manager, model, types, tokenizer, dev, maxPositions);
                    ObjectNode entry = history.addObject();
                    entry.put("epoch", epoch + 1);
                    entry.set("dev", EvaluationReport.toJson(evaluation));
                    log.printf(Locale.ROOT, "epoch %d dev: entities F1 %.2f, relations strict F1 %.2f, boundaries F1 %.2f (micro)%n",
                            epoch + 1, evaluation.entities().micro().f1(), evaluation.relationsStrict().micro().f1(),
                            evaluation.relationsBoundaries().micro().f1());
                }
                if (objective.estimatesAfter(epoch + 1)) {
                    TransitionEstimate estimate = new TransitionEstimator(model, padId, maxPositions, config.evalBatchSize())
                            .estimate(manager, trainEncoded, config);
                    objective.useTransitions(estimate);
                    log.printf(Locale.ROOT, "estimated label transitions after epoch %d (row: predicted type, column: observed)%n"
                            + "  entities:%n%s  relations:%n%s", epoch + 1, TransitionEstimate.format(estimate.entities()),
                            TransitionEstimate.format(estimate.relations()));
                }
                Checkpoint.write(runDir, model, optimizer, new Checkpoint.State(epoch + 1, step, digest,
                        earlierSeconds + secondsSince(wallStart), history, objective.transitions().map(TransitionEstimate::toJson).orElse(null)));
                long now = System.nanoTime();
                log.println(Progress.epochDone(epoch + 1, config.epochs(), (now - epochStart) / 1e9,
                        (now - epochsStart) / 1e9 / (epoch + 1 - startEpoch)));
                listener.epochFinished(epoch + 1);
            }

            ObjectNode info = JSON.createObjectNode();
            info.set("train_config", config.toJson());
            info.set("provenance", provenance);
            trainNoise.ifPresent(report -> info.set("train_noise", report.toJson()));
            if (!test.isEmpty()) {
                Evaluation evaluation = evaluate(manager, model, types, tokenizer, test, maxPositions);
                results.set("test", EvaluationReport.toJson(evaluation));
                // Kept with the scores, so an experiment's summary can say why without the model on disk.
                results.set("test_relation_errors", evaluation.relationErrors().toJson());
                info.set("test_metrics", results.get("test"));
                log.println(EvaluationReport.toTable(evaluation));
                log.println(evaluation.relationErrors().toTable());
            }
            SavedModel.write(runDir.resolve("model"), model, types, tokenizer, info);
            results.set("config", config.toJson());
            results.set("provenance", info.get("provenance"));
            trainNoise.ifPresent(report -> results.set("train_noise", report.toJson()));
            objective.transitions().ifPresent(estimate -> results.set("transition_estimate", estimate.toJson()));
            results.put("wall_seconds", earlierSeconds + secondsSince(wallStart));
            AtomicFiles.writeString(runDir.resolve("results.json"), results.toPrettyString());
            Checkpoint.delete(runDir);
            return results;
        }
    }

    /**
     * bfloat16 copies of the encoder's projection matrices for a bfloat16 training (the forward pass then casts no
     * weights and autograd no gradients; the optimizer keeps the copies in step), or null in float32, or where the
     * system property {@code spanrel.bf16.copies} is {@code false} (to measure what the copies gain).
     */
    private static Bf16Weights bf16Copies(SpanRelModel model, NDManager manager) {
        if (model.encoder().precision() != Precision.BF16 || !Boolean.parseBoolean(System.getProperty("spanrel.bf16.copies", "true"))) {
            return null;
        }
        return model.encoder().keepBf16Copies(manager);
    }

    /**
     * The word-embedding rows training batches gather (autograd then builds no dense gradient of the table), or
     * null where the system property {@code spanrel.gather.rows} is {@code false} (to measure what it gains).
     */
    private static WordEmbeddingRows gatheredRows(SpanRelModel model, NDManager manager) {
        if (!Boolean.parseBoolean(System.getProperty("spanrel.gather.rows", "true"))) {
            return null;
        }
        return model.encoder().gatherWordEmbeddingRows(manager);
    }

    private AdamW newOptimizer(SpanRelModel model, Bf16Weights copies, WordEmbeddingRows rows, NDManager manager) {
        AdamW optimizer = new AdamW(model.namedParameters(), copies == null ? Map.of() : SpanRelModel.namedCopies(copies), manager,
                config.weightDecay(), config.maxGradNorm());
        if (rows != null) {
            optimizer.readGradientFrom(SpanRelModel.WORD_EMBEDDINGS, rows.gradient());
        }
        return optimizer;
    }

    /**
     * What a training and its benchmark train with: the encoder's tokenizer, the model at the config's precision,
     * the encoder's position limit, the bfloat16 copies and gathered embedding rows where they are used (null where
     * not), and the optimizer over all of it.
     */
    private record Trainable(WordPieceTokenizer tokenizer, SpanRelModel model, int maxPositions, Bf16Weights copies,
            WordEmbeddingRows rows, AdamW optimizer) implements AutoCloseable {
        @Override
        public void close() {
            optimizer.close();
            if (rows != null) {
                rows.close();
            }
            if (copies != null) {
                copies.close();
            }
            tokenizer.close();
        }
    }

    /**
     * Loads the pretrained encoder into a fresh model (seeded by the config) and sets up what trains it; the
     * pretrained weights' heap copy is let go before the optimizer's state is made.
     */
    private Trainable trainable(TypeSystem types, NDManager manager) {
        PretrainedEncoder pretrained = Encoders.load(config.encoder());
        WordPieceTokenizer tokenizer = pretrained.tokenizer();
        Engine.getInstance().setRandomSeed((int) config.seed());
        SpanRelModel model = newModel(pretrained, types, manager);
        int maxPositions = pretrained.config().maxPositionEmbeddings();
        pretrained = null;
        releaseHeap();
        Bf16Weights copies = bf16Copies(model, manager);
        WordEmbeddingRows rows = gatheredRows(model, manager);
        return new Trainable(tokenizer, model, maxPositions, copies, rows, newOptimizer(model, copies, rows, manager));
    }

    /**
     * Once the pretrained weights are in the model's native tensors, their heap copy (~0.5 GB for BERT-base, more
     * with a masked-LM head) is garbage: a full collection now lets G1 give the heap it grew for them back to the
     * system, so the process's resident memory over the training is the model's, not the loading's.
     */
    private static void releaseHeap() {
        System.gc();
    }

    /** The span model with the pretrained encoder's weights, its heads freshly initialised, at the config's precision. */
    private SpanRelModel newModel(PretrainedEncoder pretrained, TypeSystem types, NDManager manager) {
        SpanRelModel model = new SpanRelModel(pretrained.config(), config.modelConfig(),
                types.entityTypeCount(), types.relationTypeCount());
        model.initialize(manager);
        model.encoder().loadWeights(pretrained.weights());
        model.encoder().setPrecision(config.encoderPrecision());
        return model;
    }

    /**
     * Measures training throughput on the config's training data: {@code warmup} updates, then {@code steps} timed
     * updates of real batches (sampling, forward, backward, AdamW), at the config's batch size and learning rate;
     * with a trace file, libtorch's profiler records the timed updates into it (Chrome trace: op names, shapes, times).
     *
     * @param warmup the updates run before timing starts (allocator and kernel caches warm up)
     * @param steps the updates timed
     * @param profileTrace the file for libtorch's profiler trace, or empty for no profiling
     * @return the timings of the {@code steps} updates
     */
    public TrainingThroughput benchmark(int warmup, int steps, Optional<Path> profileTrace) {
        TypeSystem types = SpertJson.readTypes(data.resolve(config.types()));
        List<Document> train = readTraining(data.resolve(config.train()), types).documents();
        try (NDManager manager = NDManager.newBaseManager(); Trainable t = trainable(types, manager)) {
            List<EncodedDocument> encoded = encode(train, t.tokenizer());
            return measure(warmup, steps, train.size(), t.tokenizer(), manager, encoded, t.maxPositions(), t.model(), t.optimizer(),
                    types, profileTrace);
        }
    }

    private TrainingThroughput measure(int warmup, int steps, int epochDocuments, WordPieceTokenizer tokenizer, NDManager manager,
            List<EncodedDocument> encoded, int maxPositions, SpanRelModel model, AdamW optimizer, TypeSystem types,
            Optional<Path> profileTrace) {
        {
            NegativeSampler sampler = new NegativeSampler(config.samplingConfig(), types.relationTypeCount());
            TrainingObjective objective = new TrainingObjective(config, warmup + steps);
            Random random = new Random(config.seed());
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
                StepResult result = step(manager, model, optimizer, objective, samples, i, (float) config.learningRate(), tokenizer.padId(),
                        maxPositions);
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
                    optimizerNanos / 1e9, epochDocuments);
        }
    }

    private static List<String> origIds(List<EncodedDocument> docs) {
        List<String> ids = new ArrayList<>();
        docs.forEach(d -> ids.add(d.document().origId()));
        return ids;
    }

    private List<Document> read(Path file, TypeSystem types) {
        return config.limited(SpertJson.readDocuments(file, types));
    }

    /** The training documents and, when the config asks for label noise, what the noise did. */
    private record TrainingDocuments(List<Document> documents, Optional<NoiseReport> noise) {}

    /**
     * Reads the training file and, when the config sets a noise rate (the robustness experiment), flips its labels
     * and logs the realized rates.
     */
    private TrainingDocuments readTraining(Path file, TypeSystem types) {
        List<Document> train = read(file, types);
        if (train.isEmpty()) {
            throw new SpanrelException(file + ": no documents to train on");
        }
        Optional<NoiseConfig> noise = config.trainNoise();
        if (noise.isEmpty()) {
            return new TrainingDocuments(train, Optional.empty());
        }
        NoisyDocuments noisy = new LabelNoise(noise.get(), types).apply(train);
        log.printf(Locale.ROOT, "training label noise: %s, rate %s, seed %d%n", noise.get().kind().configName(),
                noise.get().rate(), noise.get().seed());
        noisy.report().lines().forEach(line -> log.println("  " + line));
        return new TrainingDocuments(noisy.documents(), Optional.of(noisy.report()));
    }

    static List<EncodedDocument> encode(List<Document> docs, WordPieceTokenizer tokenizer) {
        List<EncodedDocument> out = new ArrayList<>(docs.size());
        for (Document doc : docs) {
            out.add(new EncodedDocument(doc, tokenizer.encodeWords(doc.tokens())));
        }
        return out;
    }

    /**
     * Full batches of documents of similar length (little padding), in random order. As SpERT, the last
     * incomplete batch is dropped; which documents fall into it changes every epoch.
     */
    List<List<EncodedDocument>> batches(List<EncodedDocument> docs, Random random) {
        List<EncodedDocument> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, random);
        int size = Math.min(config.batchSize(), shuffled.size());
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

    /** What one update cost: the loss, the gradient norm, and the time in forward+backward and in the optimizer. */
    record StepResult(float loss, float gradientNorm, long forwardBackwardNanos, long optimizerNanos) {}

    private StepResult step(NDManager manager, SpanRelModel model, AdamW optimizer, TrainingObjective objective,
            List<DocumentSamples> samples, int stepIndex, float learningRate, int padId, int maxPositions) {
        long start = System.nanoTime();
        float lossValue;
        try (NDManager scope = manager.newSubManager()) {
            SpanBatch batch = new SpanBatch(samples, model.relationTypes(), model.config().widthEmbeddingCount(), padId, maxPositions);
            BatchTensors tensors = BatchTensors.of(scope, batch);
            ParameterStore ps = new ParameterStore(scope, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                SpanRelModel.Outputs out = model.forward(ps, tensors, true);
                NDArray loss = objective.loss(out, tensors, stepIndex);
                collector.backward(loss);
                model.encoder().foldGatheredRows(); // before the scope, which holds the gathered rows, closes
                lossValue = loss.getFloat();
            }
        }
        long middle = System.nanoTime();
        float norm = optimizer.step(learningRate);
        return new StepResult(lossValue, norm, middle - start, System.nanoTime() - middle);
    }

    /**
     * Predicts every document (in length-sorted batches) and scores the predictions with SpERT's protocol.
     *
     * @param manager the manager the prediction tensors are made in
     * @param model the model to predict with
     * @param types the entity and relation types the model was trained on
     * @param tokenizer the model encoder's tokenizer
     * @param gold the documents with their gold annotations
     * @param maxPositions the encoder's position limit; longer documents are encoded in windows
     * @return the scores of the predictions against {@code gold}
     */
    public Evaluation evaluate(NDManager manager, SpanRelModel model, TypeSystem types, WordPieceTokenizer tokenizer,
            List<Document> gold, int maxPositions) {
        List<Document> predicted = new dev.spanrel.model.BatchPredictor(model, types, tokenizer, maxPositions, config.evalBatchSize())
                .predictDocuments(manager, gold);
        return new Evaluator(types, config.evalDropOverlapping()).evaluate(gold, predicted);
    }
}
