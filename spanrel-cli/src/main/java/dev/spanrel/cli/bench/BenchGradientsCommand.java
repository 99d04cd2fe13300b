package dev.spanrel.cli.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import dev.spanrel.encoder.CpuFeatures;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A check of this machine's float32 training arithmetic: the gradients of the encoder's attention product and of a
 * feed-forward projection, on random BERT-base-shaped batches, against the same products in float64. For a training
 * that skips updates for non-finite gradients far more often than usual: wrong results here, with nothing of the
 * model involved, point at the machine or at libtorch on it; none, while the training goes on skipping, say the
 * fault needs something of the training process (docs/BENCHMARKS.md, where an AVX2 machine showed the latter).
 */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = "Check float32 attention and projection gradients against float64 on random batches.")
final class BenchGradientsCommand implements Callable<Integer> {
    private static final int HEADS = 12;
    private static final int HEAD_SIZE = 64;
    private static final int HIDDEN = HEADS * HEAD_SIZE;
    private static final int INTERMEDIATE = 3072;
    /** Float32 against float64 over sums of a few hundred products: well inside this share of the largest value. */
    private static final double TOLERANCE = 1e-4;

    @Spec CommandSpec spec;

    @Option(names = "--calls", defaultValue = "2000", description = "random batches per product (default: ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--batch", defaultValue = "8") int batch;

    @Option(names = "--seed", defaultValue = "1") long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("cpu %s, %d cores; %d calls of each product, batch %d, 20-79 sub-tokens, from %s%n",
                CpuFeatures.current().describe(), Runtime.getRuntime().availableProcessors(), calls, batch, Instant.now());
        SplittableRandom random = new SplittableRandom(seed);
        List<String> attention = new ArrayList<>();
        List<String> projection = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager()) {
            for (int call = 0; call < calls; call++) {
                int length = 20 + random.nextInt(60);
                try (NDManager m = root.newSubManager()) {
                    attention(m, call, length, attention);
                    projection(m, call, length, projection);
                }
            }
        }
        report(out, "attention scores and their Q and K gradients", attention);
        report(out, "feed-forward projection and its weight gradient", projection);
        out.printf("until %s%n", Instant.now());
        return attention.isEmpty() && projection.isEmpty() ? 0 : 1;
    }

    /** Q·Kᵀ/√d in the encoder's float32 form (Q scaled first, K laid out [B, heads, d, L]) and its gradients. */
    private void attention(NDManager m, int call, int length, List<String> wrong) {
        Shape projected = new Shape(batch, length, HIDDEN);
        NDArray qIn = m.randomNormal(projected);
        NDArray kIn = m.randomNormal(projected);
        NDArray upstream = m.randomNormal(new Shape(batch, HEADS, length, length));
        qIn.setRequiresGradient(true);
        kIn.setRequiresGradient(true);
        double scale = 1.0 / Math.sqrt(HEAD_SIZE);
        NDArray scores;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray q = qIn.reshape(batch, length, HEADS, HEAD_SIZE).transpose(0, 2, 1, 3).mul((float) scale);
            NDArray k = kIn.reshape(batch, length, HEADS, HEAD_SIZE).transpose(0, 2, 3, 1);
            scores = q.matMul(k);
            collector.backward(scores.mul(upstream).sum());
        }
        NDArray q64 = heads(qIn.toType(DataType.FLOAT64, false), length);
        NDArray k64 = heads(kIn.toType(DataType.FLOAT64, false), length);
        NDArray g64 = upstream.toType(DataType.FLOAT64, false);
        String where = "call " + call + " (" + length + " sub-tokens)";
        check(wrong, where + " scores", scores, q64.matMul(k64.transpose(0, 1, 3, 2)).mul(scale));
        check(wrong, where + " dQ", qIn.getGradient(), merged(g64.matMul(k64).mul(scale), length));
        check(wrong, where + " dK", kIn.getGradient(), merged(g64.transpose(0, 1, 3, 2).matMul(q64).mul(scale), length));
    }

    /** The intermediate projection x·Wᵀ + b of a layer, [B·L, H] to [B·L, 4H], and its weight gradient. */
    private void projection(NDManager m, int call, int length, List<String> wrong) {
        NDArray x = m.randomNormal(new Shape((long) batch * length, HIDDEN));
        NDArray w = m.randomNormal(0f, 0.02f, new Shape(INTERMEDIATE, HIDDEN), DataType.FLOAT32);
        NDArray b = m.zeros(new Shape(INTERMEDIATE));
        NDArray upstream = m.randomNormal(new Shape((long) batch * length, INTERMEDIATE));
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = Linear.linear(x, w, b).singletonOrThrow();
            collector.backward(y.mul(upstream).sum());
        }
        NDArray x64 = x.toType(DataType.FLOAT64, false);
        NDArray g64 = upstream.toType(DataType.FLOAT64, false);
        String where = "call " + call + " (" + length + " sub-tokens)";
        check(wrong, where + " output", y, x64.matMul(w.toType(DataType.FLOAT64, false).transpose()));
        check(wrong, where + " dW", w.getGradient(), g64.transpose().matMul(x64));
    }

    private NDArray heads(NDArray projected, int length) {
        return projected.reshape(batch, length, HEADS, HEAD_SIZE).transpose(0, 2, 1, 3);
    }

    private NDArray merged(NDArray perHead, int length) {
        return perHead.transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN);
    }

    private static void check(List<String> wrong, String what, NDArray actual, NDArray expected) {
        double largest = expected.abs().max().getDouble();
        double error = actual.toType(DataType.FLOAT64, false).sub(expected).abs().max().getDouble();
        if (!(error <= TOLERANCE * largest)) {
            wrong.add(String.format(java.util.Locale.ROOT, "%s: off by %.3g, largest value %.3g", what, error, largest));
        }
    }

    private void report(PrintWriter out, String what, List<String> wrong) {
        out.printf("%s: %d of %d calls wrong%n", what, wrong.stream().map(s -> s.substring(0, s.indexOf(" ("))).distinct().count(),
                calls);
        wrong.stream().limit(10).forEach(w -> out.println("  " + w));
    }
}
