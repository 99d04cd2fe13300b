package dev.spanrel.spark;

import dev.spanrel.infer.Extractor;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models open in this JVM (an executor, or the driver in local mode), one per {@link SparkExtractor.ModelSpec}:
 * opening BERT-base takes seconds and half a gigabyte, so tasks share one instead of opening their own. They stay
 * open for the JVM's life, as executors are reused from task to task.
 */
final class ExecutorModels {
    private static final Map<SparkExtractor.ModelSpec, Extractor> OPEN = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    static Extractor get(SparkExtractor.ModelSpec spec) {
        return OPEN.computeIfAbsent(spec, s -> Extractor.builder()
                .setModelDir(Path.of(s.modelDir()))
                .optBatchSize(s.batchSize())
                .optTaggerOptions(s.taggerOptions())
                .build());
    }
}
