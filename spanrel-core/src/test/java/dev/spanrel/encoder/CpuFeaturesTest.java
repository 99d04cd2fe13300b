package dev.spanrel.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CPU's model and matmul flags, read from /proc/cpuinfo text. */
class CpuFeaturesTest {
    private static final String ZEN4 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 9R14
            flags\t\t: fpu vme avx2 avx512f avx512dq avx512_bf16 avx512_vnni
            
            processor\t: 1
            model name\t: AMD EPYC 9R14
            flags\t\t: fpu vme avx2 avx512f avx512dq avx512_bf16 avx512_vnni
            """;

    @Test
    void readsTheModelAndTheMatmulFlagsOfTheFirstProcessor() {
        CpuFeatures amd = CpuFeatures.parse(ZEN4);
        assertThat(amd).isEqualTo(new CpuFeatures("AMD EPYC 9R14", java.util.List.of("avx512f", "avx512_bf16")));
        assertThat(amd.hasNativeBf16()).isTrue();
        assertThat(amd.describe()).isEqualTo("AMD EPYC 9R14 (avx512f avx512_bf16)");

        CpuFeatures spr = CpuFeatures.parse("model name : Intel(R) Xeon(R) Platinum 8488C\nflags : avx512f amx_bf16 amx_tile avx512_bf16\n");
        assertThat(spr.flags()).containsExactly("avx512f", "avx512_bf16", "amx_tile", "amx_bf16");

        CpuFeatures old = CpuFeatures.parse("model name : Intel(R) Xeon(R) CPU E5-2686 v4\nflags : avx avx2 fma\n");
        assertThat(old.hasNativeBf16()).isFalse();
        assertThat(old.describe()).isEqualTo("Intel(R) Xeon(R) CPU E5-2686 v4 (none of avx512f, avx512_bf16, amx_tile, amx_bf16)");
        assertThat(CpuFeatures.parse("")).isEqualTo(new CpuFeatures("unknown", java.util.List.of()));
    }

    @Test
    void autoFollowsTheCpuOfThisMachine() {
        assertThat(Precision.cpuHasBf16()).isEqualTo(CpuFeatures.current().hasNativeBf16());
    }
}
