package dev.spanrel.cli;

/** The help text of the commands' {@code --precision} option. */
final class PrecisionOption {
    static final String DESCRIPTION = "fp32 (default), or bf16: the encoder's matmuls in bfloat16, faster on CPUs"
            + " with AMX or AVX512-BF16 and refused elsewhere; results agree to bfloat16's precision.";

    private PrecisionOption() {}
}
