package dev.spanrel.encoder;

import dev.spanrel.SpanrelException;
import java.util.Locale;

/**
 * The number format of the encoder's dense layers. Weights, optimizer state, LayerNorm, softmax and every sum of
 * the loss stay float32 either way; {@link #BF16} only runs the six big matmuls of each layer (Q, K, V, attention
 * output, intermediate, output) on bfloat16 inputs with float32 results, the usual mixed-precision recipe for
 * fine-tuning BERT. On CPUs with AMX or AVX512-BF16 (Intel Sapphire Rapids and later, AMD Zen 4 and later) those
 * matmuls are several times faster than float32; elsewhere bfloat16 would be emulated and slow, so it is refused.
 */
public enum Precision {
    /** Float32 throughout. */
    FP32("fp32"),
    /** The encoder's attention and feed-forward matmuls on bfloat16 operands. */
    BF16("bf16");

    private final String configName;

    Precision(String configName) {
        this.configName = configName;
    }

    /**
     * The name configs and command lines use.
     *
     * @return {@code fp32} or {@code bf16}
     */
    public String configName() {
        return configName;
    }

    /** The name that resolves to {@link #BF16} where the CPU multiplies bfloat16 natively and to {@link #FP32} elsewhere. */
    public static final String AUTO = "auto";

    /**
     * {@code fp32}, {@code bf16} or {@code auto} (see {@link #auto()}); {@code what} names the setting in the error
     * message.
     *
     * @param value the name as written
     * @param what the setting it was given for
     * @return the precision
     */
    public static Precision parse(String value, String what) {
        String name = value.toLowerCase(Locale.ROOT);
        if (name.equals(AUTO)) {
            return auto();
        }
        for (Precision p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new SpanrelException(what + " must be fp32, bf16 or auto, got \"" + value + "\"");
    }

    /**
     * What {@code auto} means on this machine: bfloat16 matmuls where the CPU has AMX or AVX512-BF16 (several times
     * faster there), float32 elsewhere, where bfloat16 would be emulated.
     *
     * @return {@link #BF16} or {@link #FP32}
     */
    public static Precision auto() {
        return cpuHasBf16() ? BF16 : FP32;
    }

    /** Fails with a clear message when bfloat16 was asked for on a CPU without native bfloat16 matmuls. */
    public void requireSupported() {
        if (this == BF16 && !cpuHasBf16()) {
            throw new SpanrelException("precision bf16 needs a CPU with AMX or AVX512-BF16 (flags amx_bf16 or "
                    + "avx512_bf16 in /proc/cpuinfo); this one has neither, use fp32");
        }
    }

    /**
     * Whether this CPU has native bfloat16 matmuls (AMX or AVX512-BF16), from {@code /proc/cpuinfo}.
     *
     * @return true when the CPU reports {@code amx_bf16} or {@code avx512_bf16}
     */
    public static boolean cpuHasBf16() {
        return CpuFeatures.current().hasNativeBf16();
    }
}
