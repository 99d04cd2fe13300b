package dev.spanrel.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.AtomicFiles;
import dev.spanrel.SpanrelException;
import dev.spanrel.data.DataDirectory;
import dev.spanrel.data.Document;
import dev.spanrel.data.TypeSystem;
import dev.spanrel.encoder.Bf16Weights;
import dev.spanrel.encoder.Encoders;
import dev.spanrel.encoder.Precision;
import dev.spanrel.encoder.PretrainedEncoder;
import dev.spanrel.encoder.WordEmbeddingRows;
import dev.spanrel.eval.Evaluation;
import dev.spanrel.eval.EvaluationReport;
import dev.spanrel.model.EncodedDocument;
import dev.spanrel.model.SavedModel;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One training of a {@link SpanRelModel} as {@link TrainConfig} says (docs/method.md section 5), into a run
 * directory: it reads the data ({@link TrainingData}), puts the config's label noise on the training documents,
 * loads the pretrained encoder, resumes from the epoch checkpoint where asked, runs the loop (the package-private
 * {@code Trainer}) with its listeners, then scores the test set and writes {@code model/} (the trained model) and
 * {@code results.json} (dev history, test scores, provenance). {@code checkpoint.*} is written after every epoch
 * for {@code --resume}.
 */
public final class TrainingRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainConfig config;
    private final DataDirectory data;
    private final PrintStream log;
    private final boolean terminal;
    private final List<TrainingListener> listeners;

    /**
     * A run that tells nobody else of its course.
     *
     * @param config what to train and how
     * @param data the directory the config's data paths resolve against
     * @param log where progress and dev scores are written
     * @param terminal true when {@code log} is a terminal, so progress is redrawn in place rather than printed per line
     */
    public TrainingRun(TrainConfig config, DataDirectory data, PrintStream log, boolean terminal) {
        this(config, data, log, terminal, List.of());
    }

    /**
     * A run that also tells {@code listener}, after its own listeners (so an epoch's checkpoint is on disk when the
     * listener hears of the epoch).
     *
     * @param config what to train and how
     * @param data the directory the config's data paths resolve against
     * @param log where progress and dev scores are written
     * @param terminal true when {@code log} is a terminal, so progress is redrawn in place rather than printed per line
     * @param listener told of the training's course after the run's own listeners
     */
    public TrainingRun(TrainConfig config, DataDirectory data, PrintStream log, boolean terminal, TrainingListener listener) {
        this(config, data, log, terminal, List.of(listener));
    }

    private TrainingRun(TrainConfig config, DataDirectory data, PrintStream log, boolean terminal, List<TrainingListener> listeners) {
        this.config = config;
        this.data = data;
        this.log = log;
        this.terminal = terminal;
        this.listeners = listeners;
    }

    /**
     * Runs training and final evaluation; returns the contents of {@code results.json}. A fresh run
     * ({@code resume} false) is refused over a directory that holds a run; see {@link RunDirectory}.
     *
     * @param runDir the run directory, created if missing
     * @param resume true to continue the run there from its checkpoint
     * @return what the run wrote to {@code results.json}
     */
    public TrainingResult train(Path runDir, boolean resume) {
        return train(runDir, resume ? RunDirectory.Start.RESUME : RunDirectory.Start.FRESH);
    }

    /**
     * Runs training and final evaluation on the files the config names, with the run directory locked for the
     * whole run, starting as {@code start} says; returns the contents of {@code results.json}.
     *
     * @param runDir the run directory, created if missing
     * @param start whether to begin a new run, resume the one there, or replace it
     * @return what the run wrote to {@code results.json}
     */
    public TrainingResult train(Path runDir, RunDirectory.Start start) {
        return train(runDir, start, () -> TrainingData.read(config, data));
    }

    /**
     * Runs training and final evaluation on {@code documents} (from files or made in memory; the config's data
     * paths are not read), as {@link #train(Path, RunDirectory.Start)} does otherwise.
     *
     * @param runDir the run directory, created if missing
     * @param start whether to begin a new run, resume the one there, or replace it
     * @param documents the types and the train, dev and test documents
     * @return what the run wrote to {@code results.json}
     */
    public TrainingResult train(Path runDir, RunDirectory.Start start, TrainingData documents) {
        return train(runDir, start, () -> documents);
    }

    /** The run directory is claimed before the data is read: a refused start is told before any data error. */
    private TrainingResult train(Path runDir, RunDirectory.Start start, Supplier<TrainingData> documents) {
        long wallStart = System.nanoTime();
        try (RunDirectory claim = RunDirectory.claim(runDir, start, log)) {
            TrainingResult results = trainInto(claim.trainingDir(), claim.resumes(), documents.get(), wallStart);
            claim.finish();
            return results;
        }
    }

    private TrainingResult trainInto(Path runDir, boolean resume, TrainingData documents, long wallStart) {
        TypeSystem types = documents.types();
        Optional<NoisyDocuments> noisy = withNoise(documents.train(), types);
        List<Document> train = noisy.map(NoisyDocuments::documents).orElse(documents.train());
        Optional<NoiseReport> noise = noisy.map(NoisyDocuments::report);
        log.printf(Locale.ROOT, "data: %d train, %d dev, %d test documents%n", train.size(), documents.dev().size(),
                documents.test().size());
        // Taken before training, so the code version is that of the code that trains, whatever changes meanwhile.
        ObjectNode provenance = Provenance.of(documents.files(), config.optimization().seed());
        // What "auto" chose on this machine (or the precision the config names).
        provenance.put("precision", config.encoderPrecision().configName());

        try (NDManager manager = NDManager.newBaseManager(); Trainable t = trainable(types, manager)) {
            List<EncodedDocument> trainEncoded = encode(train, t.tokenizer());
            DocumentScorer scorer = new DocumentScorer(manager, t.model(), types, t.tokenizer(), t.maxPositions(), config);
            ArrayNode history = JSON.createArrayNode();
            int totalSteps = Trainer.stepsPerEpoch(config, trainEncoded.size()) * config.optimization().epochs();
            TrainingState state = resumedOrFresh(runDir, resume, t, history, new TrainingObjective(config, totalSteps), wallStart);
            AtomicFiles.writeString(runDir.resolve("config.json"), config.toJson().toPrettyString());

            // In this order: an epoch's checkpoint holds its dev scores and transition estimate, the epoch's closing
            // line comes once the checkpoint is on disk, and the caller's listeners hear of an epoch after all that.
            List<TrainingListener> all = new ArrayList<>();
            all.add(new SkippedUpdateListener(log, t.optimizer()));
            if (!documents.dev().isEmpty()) {
                all.add(new DevEvaluationListener(scorer, documents.dev(), log));
            }
            all.add(new TransitionEstimation(t.model(), t.tokenizer().padId(), t.maxPositions(), manager, trainEncoded, log,
                    config.evaluation().evalBatchSize()));
            all.add(new CheckpointListener(runDir, t.model(), t.optimizer(), configDigest()));
            all.add(new ProgressListener(log, terminal));
            all.addAll(listeners);
            new Trainer(config, t.model(), t.optimizer(), manager, t.tokenizer().padId(), t.maxPositions())
                    .fit(trainEncoded, state, all);
            return finish(runDir, history, state, scorer, documents.test(), t, provenance, noise);
        }
    }

    /** The config's identity digest, which a checkpoint records and a resume must match. */
    private String configDigest() {
        return Integer.toHexString(config.identityJson().toString().hashCode());
    }

    /** A fresh state, or the checkpoint's, its tensors restored into the model and optimizer. */
    private TrainingState resumedOrFresh(Path runDir, boolean resume, Trainable t, ArrayNode history, TrainingObjective objective,
            long wallStart) {
        Optional<Checkpoint.State> saved = resume ? Checkpoint.read(runDir) : Optional.empty();
        if (saved.isEmpty()) {
            return new TrainingState(config, 0, 0, 0, wallStart, history, JSON.createArrayNode(), objective);
        }
        Checkpoint.State state = saved.get();
        if (!state.configDigest().equals(configDigest())) {
            throw new SpanrelException(runDir + ": the checkpoint was made with another config"
                    + differencesFromBegun(runDir) + "; resume with the same config or use a new --out");
        }
        Checkpoint.restore(runDir, t.model(), t.optimizer());
        if (t.copies() != null) {
            t.copies().refresh();
        }
        history.addAll(state.devHistory());
        if (state.transitions() != null) {
            objective.useTransitions(TransitionEstimate.fromJson(state.transitions(), runDir.resolve(Checkpoint.MANIFEST).toString()));
        }
        log.printf(Locale.ROOT, "resuming after epoch %d (%d updates)%n", state.epochsDone(), state.stepsDone());
        return new TrainingState(config, state.epochsDone(), state.stepsDone(), state.secondsSpent(), wallStart, history,
                state.skippedUpdates(), objective);
    }

    /** Scores the test set, writes the model and results.json, and removes the checkpoint. */
    private TrainingResult finish(Path runDir, ArrayNode history, TrainingState state, DocumentScorer scorer, List<Document> test,
            Trainable t, ObjectNode provenance, Optional<NoiseReport> noise) {
        ObjectNode info = JSON.createObjectNode();
        info.set("train_config", config.toJson());
        info.set("provenance", provenance);
        JsonNode trainNoise = noise.map(NoiseReport::toJson).orElse(null);
        if (trainNoise != null) {
            info.set("train_noise", trainNoise);
        }
        JsonNode scores = null;
        JsonNode relationErrors = null;
        if (!test.isEmpty()) {
            Evaluation evaluation = scorer.score(test);
            scores = EvaluationReport.toJson(evaluation);
            // Kept with the scores, so an experiment's summary can say why without the model on disk.
            relationErrors = evaluation.relationErrors().toJson();
            info.set("test_metrics", scores);
            log.println(EvaluationReport.toTable(evaluation));
            log.println(evaluation.relationErrors().toTable());
        }
        SavedModel.write(runDir.resolve("model"), t.model(), scorer.types(), t.tokenizer(), info);
        TrainingResult results = new TrainingResult(history, scores, relationErrors, config.toJson(), provenance, trainNoise,
                state.transitions().map(TransitionEstimate::toJson).orElse(null), state.skippedUpdates(), state.secondsSpent());
        results.write(runDir);
        Checkpoint.delete(runDir);
        return results;
    }

    /**
     * " (key: then → now, ...)" from the {@code config.json} the run was begun with, or "" when that file is gone or
     * unreadable: the refusal is right either way, the keys only tell what to set.
     */
    private String differencesFromBegun(Path runDir) {
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
        TrainingData documents = TrainingData.read(config.with(List.of("dev=", "test=")), data);
        List<Document> train = withNoise(documents.train(), documents.types()).map(NoisyDocuments::documents).orElse(documents.train());
        try (NDManager manager = NDManager.newBaseManager(); Trainable t = trainable(documents.types(), manager)) {
            List<EncodedDocument> encoded = encode(train, t.tokenizer());
            return new Trainer(config, t.model(), t.optimizer(), manager, t.tokenizer().padId(), t.maxPositions())
                    .measure(encoded, warmup, steps, profileTrace);
        }
    }

    /**
     * The training documents with the config's label noise on them, the realized rates logged, or empty when the
     * config sets none.
     */
    private Optional<NoisyDocuments> withNoise(List<Document> train, TypeSystem types) {
        Optional<NoiseConfig> noise = config.trainNoise();
        if (noise.isEmpty()) {
            return Optional.empty();
        }
        NoisyDocuments noisy = new LabelNoise(noise.get(), types).apply(train);
        log.printf(Locale.ROOT, "training label noise: %s, rate %s, seed %d%n", noise.get().kind().configName(),
                noise.get().rate(), noise.get().seed());
        noisy.report().lines().forEach(line -> log.println("  " + line));
        return Optional.of(noisy);
    }

    static List<EncodedDocument> encode(List<Document> docs, WordPieceTokenizer tokenizer) {
        List<EncodedDocument> out = new ArrayList<>(docs.size());
        for (Document doc : docs) {
            out.add(new EncodedDocument(doc, tokenizer.encodeWords(doc.tokens())));
        }
        return out;
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
        PretrainedEncoder pretrained = Encoders.load(config.model().encoder());
        WordPieceTokenizer tokenizer = pretrained.tokenizer();
        Engine.getInstance().setRandomSeed((int) config.optimization().seed());
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
                config.optimization().weightDecay(), config.optimization().maxGradNorm());
        if (rows != null) {
            optimizer.readGradientFrom(SpanRelModel.WORD_EMBEDDINGS, rows.gradient());
        }
        return optimizer;
    }
}
