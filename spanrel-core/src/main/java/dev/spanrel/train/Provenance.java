package dev.spanrel.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.FileDigests;
import dev.spanrel.SpanrelException;
import dev.spanrel.SpanrelVersion;
import dev.spanrel.encoder.CpuFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Where a model or result came from: data checksums, code version, machine, time (Tribuo-style provenance). */
public final class Provenance {
    /** Written by the build (git-commit-id-maven-plugin in spanrel-core's pom). */
    private static final String BUILD_STAMP = "/dev/spanrel/build-version.properties";

    private Provenance() {}

    /**
     * The provenance of a training that starts now.
     *
     * @param dataFiles the data files by role ({@code train}, {@code test}, ...), each recorded with its SHA-256
     * @param seed the training's seed
     * @return the JSON object that {@code results.json} and the model's description carry
     */
    public static ObjectNode of(Map<String, Path> dataFiles, long seed) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        ObjectNode data = node.putObject("data");
        dataFiles.forEach((role, file) -> {
            ObjectNode entry = data.putObject(role);
            entry.put("file", file.getFileName().toString());
            entry.put("sha256", FileDigests.sha256(file));
        });
        node.put("seed", seed);
        node.put("code_version", codeVersion());
        node.put("spanrel_version", SpanrelVersion.version());
        node.put("java", System.getProperty("java.version"));
        node.put("cores", Runtime.getRuntime().availableProcessors());
        // Speed (wall_seconds) and what precision=auto chose depend on the machine, which differs from run to run.
        CpuFeatures cpu = CpuFeatures.current();
        ObjectNode cpuNode = node.putObject("cpu");
        cpuNode.put("model", cpu.model());
        cpu.flags().forEach(cpuNode.putArray("flags")::add);
        node.put("created", Instant.now().toString());
        return node;
    }

    /**
     * The commit the running classes were built from (stamped into them at build time, with "-dirty" when the tree
     * had local changes); without a stamp, the git commit of the working directory; else "unknown".
     *
     * @return the commit, possibly with "-dirty", or "unknown"
     */
    public static String codeVersion() {
        return buildStamp().orElseGet(Provenance::workingTreeVersion);
    }

    static Optional<String> buildStamp() {
        try (InputStream in = Provenance.class.getResourceAsStream(BUILD_STAMP)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties stamp = new Properties();
            stamp.load(in);
            String commit = stamp.getProperty("git.commit.id.full", "").trim();
            if (commit.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Boolean.parseBoolean(stamp.getProperty("git.dirty")) ? commit + "-dirty" : commit);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String workingTreeVersion() {
        String commit = git("rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return "unknown";
        }
        return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? commit : commit + "-dirty";
    }

    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
