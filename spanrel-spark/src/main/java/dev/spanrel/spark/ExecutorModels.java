package dev.spanrel.spark;

import dev.spanrel.infer.Extractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models open in this JVM (an executor, or the driver in local mode), one per {@link SparkExtractor.ModelSpec}:
 * opening BERT-base takes seconds and half a gigabyte, so tasks share one instead of opening their own. They stay
 * open for the JVM's life, as executors are reused from task to task. A model on a Hadoop file system is fetched
 * into the machine's local cache first ({@link ModelSource}).
 */
final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<SparkExtractor.ModelSpec, Extractor> OPEN = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    static Extractor get(SparkExtractor.ModelSpec spec) {
        return OPEN.computeIfAbsent(spec, ExecutorModels::open);
    }

    private static Extractor open(SparkExtractor.ModelSpec spec) {
        long started = System.nanoTime();
        Path dir = ModelSource.localDirectory(spec.model());
        long fetched = System.nanoTime();
        Extractor extractor = Extractor.builder()
                .setModelDir(dir)
                .optBatchSize(spec.batchSize())
                .optTaggerOptions(spec.taggerOptions())
                .build();
        // The start-up cost each executor pays once, for planning (README: executor memory and start-up).
        LOG.info("model {} ready from {} in {} ms ({} ms of it fetching); this JVM holds {} resident", spec.model(), dir,
                (System.nanoTime() - started) / 1_000_000, (fetched - started) / 1_000_000, residentMemory());
        return extractor;
    }

    /** The process's resident memory (Linux), which counts libtorch's native memory that the heap figures do not. */
    private static String residentMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.substring("VmRSS:".length()).trim()).findFirst().orElse("(unknown)");
        } catch (IOException | RuntimeException notLinux) {
            return "(unknown)";
        }
    }
}
