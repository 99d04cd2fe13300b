package dev.spanrel.encoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What this machine's CPU is, as far as speed figures and {@code precision=auto} care: its model name and which of
 * the flags that decide the matmul speed it has ({@code avx512f}, {@code avx512_bf16}, {@code amx_tile},
 * {@code amx_bf16}), from {@code /proc/cpuinfo}. Runs and benchmarks record it, since machines differ from run to run.
 *
 * @param model the CPU's model name, or "unknown" where {@code /proc/cpuinfo} is not readable
 * @param flags the matmul-relevant flags it reports, in the order above
 */
public record CpuFeatures(String model, List<String> flags) {
    private static final List<String> RELEVANT = List.of("avx512f", "avx512_bf16", "amx_tile", "amx_bf16");

    /**
     * Copies the flags.
     *
     * @param model the CPU's model name
     * @param flags its matmul-relevant flags
     */
    public CpuFeatures {
        flags = List.copyOf(flags);
    }

    /**
     * This machine's CPU.
     *
     * @return its features
     */
    public static CpuFeatures current() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(cpuinfo) ? parse(Files.readString(cpuinfo)) : new CpuFeatures("unknown", List.of());
        } catch (IOException e) {
            return new CpuFeatures("unknown", List.of());
        }
    }

    /**
     * The features {@code /proc/cpuinfo} text describes (its first processor's {@code model name} and
     * {@code flags} lines).
     *
     * @param cpuinfo the text of {@code /proc/cpuinfo}
     * @return the features
     */
    static CpuFeatures parse(String cpuinfo) {
        String model = "unknown";
        Set<String> present = Set.of();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.equals("unknown")) {
                model = value;
            } else if (key.equals("flags") && present.isEmpty()) {
                present = Set.of(value.split("\\s+"));
            }
        }
        List<String> flags = new ArrayList<>();
        for (String flag : RELEVANT) {
            if (present.contains(flag)) {
                flags.add(flag);
            }
        }
        return new CpuFeatures(model, flags);
    }

    /**
     * Whether the CPU has native bfloat16 matmuls (AMX or AVX512-BF16).
     *
     * @return true with {@code amx_bf16} or {@code avx512_bf16}
     */
    public boolean hasNativeBf16() {
        return flags.contains("amx_bf16") || flags.contains("avx512_bf16");
    }

    /**
     * One line for logs and benchmark reports.
     *
     * @return {@code model (flag flag ...)}, or {@code model (none of avx512f, ...)}
     */
    public String describe() {
        return model + " (" + (flags.isEmpty() ? "none of " + String.join(", ", RELEVANT) : String.join(" ", flags)) + ")";
    }
}
