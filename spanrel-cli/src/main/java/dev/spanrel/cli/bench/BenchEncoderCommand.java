package dev.spanrel.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.spanrel.encoder.BertConfig;
import dev.spanrel.encoder.BertModel;
import dev.spanrel.encoder.CpuFeatures;
import dev.spanrel.encoder.Encoders;
import dev.spanrel.encoder.Precision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Encoder throughput (sub-tokens/s) for training (forward + backward, dropout on) and inference, next to the
 * compute-bound ceiling: the FLOPs per token of the encoder against the GFLOP/s a large fp32 matmul reaches here.
 */
@Command(name = "encoder", mixinStandardHelpOptions = true,
        description = "Forward+backward and forward-only throughput of the encoder vs the matmul-bound ceiling.")
final class BenchEncoderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--encoder", defaultValue = "bert-base-cased", paramLabel = "NAME_OR_DIR",
            description = "architecture to measure (weights are random: they do not change the speed)")
    String encoder;

    @Option(names = "--batch", defaultValue = "8") int batch;

    @Option(names = "--seq", defaultValue = "64") int seq;

    @Option(names = "--steps", defaultValue = "5", description = "measured steps per mode (after 2 warm-up steps)")
    int steps;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16|auto",
            description = "matmul precision of the encoder (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads (0 = engine default)")
    int threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BertConfig config = encoder.equals(Encoders.BERT_BASE_CASED) ? BertConfig.bertBaseCased()
                : BertConfig.read(Path.of(encoder).resolve("config.json"));
        Engine engine = Engine.getEngine("PyTorch");
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
        out.printf("engine %s %s, intra-op threads %d, inter-op %d, batch %d x seq %d, %s, %d steps (+2 warm-up)%n",
                engine.getEngineName(), engine.getVersion(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                batch, seq, precision, steps);
        out.printf("cpu %s, %d cores%n", CpuFeatures.current().describe(), Runtime.getRuntime().availableProcessors());
        try (NDManager manager = NDManager.newBaseManager()) {
            double gflops = matmulGflops(manager, config);
            BertModel model = new BertModel(config, false);
            model.initialize(manager);
            model.setPrecision(Precision.parse(precision, "--precision"));
            double forwardFlops = forwardFlopsPerToken(config, seq);
            double trainCeiling = gflops * 1e9 / (3 * forwardFlops);
            double inferCeiling = gflops * 1e9 / forwardFlops;
            out.printf("matmul fp32 (best of 2048^3 and %dx%dx%d): %.1f GFLOP/s; encoder forward %.1f MFLOP/token%n",
                    batch * seq, config.hiddenSize(), config.intermediateSize(), gflops, forwardFlops / 1e6);
            Throughput train = measure(manager, model, true);
            Throughput infer = measure(manager, model, false);
            out.printf("train (fwd+bwd): %7.1f tokens/s (best step %7.1f)   ceiling %7.1f   ratio %5.1f%%%n",
                    train.mean(), train.best(), trainCeiling, 100 * train.mean() / trainCeiling);
            out.printf("infer (fwd)    : %7.1f tokens/s (best step %7.1f)   ceiling %7.1f   ratio %5.1f%%%n",
                    infer.mean(), infer.best(), inferCeiling, 100 * infer.mean() / inferCeiling);
        }
        return 0;
    }

    /**
     * Matmul FLOPs per token of one forward pass: 2 per weight of the transformer layers (embeddings are lookups)
     * plus the attention products QK^T and PV (4·L·H per layer). Training costs about three times this.
     */
    static double forwardFlopsPerToken(BertConfig c, int seq) {
        double h = c.hiddenSize();
        double perLayerWeights = 4 * h * h + 2 * h * c.intermediateSize();
        return c.numHiddenLayers() * (2 * perLayerWeights + 4.0 * seq * h);
    }

    /**
     * The best GFLOP/s of plain fp32 matmuls: a 2048³ square one and the encoder's own widest shape
     * ([B·L, H] × [H, 4H]). Best-of-N because the machine is shared and a slow repetition measures the neighbours.
     */
    private double matmulGflops(NDManager parent, BertConfig c) {
        double best = 0;
        long[][] shapes = {{2048, 2048, 2048}, {(long) batch * seq, c.hiddenSize(), c.intermediateSize()}};
        for (long[] s : shapes) {
            try (NDManager m = parent.newSubManager()) {
                NDArray a = m.randomNormal(new Shape(s[0], s[1]));
                NDArray b = m.randomNormal(new Shape(s[1], s[2]));
                int reps = (int) Math.max(3, Math.min(20, 2e10 / (2.0 * s[0] * s[1] * s[2])));
                for (int i = 0; i < reps + 1; i++) {
                    try (NDManager step = m.newSubManager()) {
                        long start = System.nanoTime();
                        NDArray p = a.matMul(b);
                        p.attach(step);
                        p.getFloat(0, 0); // forces completion
                        double seconds = (System.nanoTime() - start) / 1e9;
                        if (i > 0) { // the first one warms up
                            best = Math.max(best, 2.0 * s[0] * s[1] * s[2] / seconds / 1e9);
                        }
                    }
                }
            }
        }
        return best;
    }

    /** Mean and best-step throughput in sub-tokens/s. */
    private record Throughput(double mean, double best) {}

    private Throughput measure(NDManager parent, BertModel model, boolean training) {
        ParameterStore ps = new ParameterStore(parent, false);
        long measuredNanos = 0;
        long bestNanos = Long.MAX_VALUE;
        for (int step = 0; step < steps + 2; step++) {
            try (NDManager m = parent.newSubManager()) {
                NDArray ids = m.randomInteger(1000, model.config().vocabSize(), new Shape(batch, seq), DataType.INT64);
                NDArray mask = m.ones(new Shape(batch, seq), DataType.INT64);
                long start = System.nanoTime();
                if (training) {
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray hidden = model.forward(ps, new NDList(ids, mask), true).get(0);
                        gc.backward(hidden.mean());
                    }
                } else {
                    model.forward(ps, new NDList(ids, mask), false).get(0).getFloat(0, 0, 0);
                }
                if (step >= 2) {
                    long nanos = System.nanoTime() - start;
                    measuredNanos += nanos;
                    bestNanos = Math.min(bestNanos, nanos);
                }
            }
        }
        double tokens = (double) batch * seq;
        return new Throughput(steps * tokens / (measuredNanos / 1e9), tokens / (bestNanos / 1e9));
    }
}
