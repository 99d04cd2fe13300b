package dev.spanrel.infer;

/**
 * How a model directory is opened for tagging. Options a model implementation does not have are ignored by it.
 *
 * @param precision number format of the model's matmuls: {@code fp32}, or {@code bf16} on CPUs with AMX or
 *     AVX512-BF16 (faster, to bfloat16's precision)
 */
public record TaggerOptions(String precision) {
    public static TaggerOptions defaults() {
        return new TaggerOptions("fp32");
    }
}
