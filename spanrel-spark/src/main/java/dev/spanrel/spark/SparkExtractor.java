package dev.spanrel.spark;

import dev.spanrel.SpanrelException;
import dev.spanrel.encoder.Precision;
import dev.spanrel.infer.TaggerOptions;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Extracts entities and relations from a text column of a Spark {@link Dataset}. Every input row comes out once,
 * with all its columns, plus {@code entities} (text, type, sentence, character offsets into the row's text,
 * probability) and {@code relations} (type, head and tail as indexes into the row's {@code entities}, their texts,
 * probability). A null text gives empty arrays.
 *
 * <p>Each executor JVM opens the model once ({@link ExecutorModels}) and its tasks share it; the model directory
 * must therefore be readable at the same path on every executor (a shared file system, or a copy on each node).
 * The encoder uses all cores of an executor, so one task per executor (spark.executor.cores = 1, or
 * spark.task.cpus = the executor's cores) is the efficient setting.
 */
public final class SparkExtractor implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ENTITIES = "entities";
    public static final String RELATIONS = "relations";

    /** One extracted entity; {@code start}/{@code end} are UTF-16 offsets into the row's text. */
    public static final StructType ENTITY = new StructType(new StructField[] {
        DataTypes.createStructField("text", DataTypes.StringType, false),
        DataTypes.createStructField("type", DataTypes.StringType, false),
        DataTypes.createStructField("sentence", DataTypes.IntegerType, false),
        DataTypes.createStructField("start", DataTypes.IntegerType, false),
        DataTypes.createStructField("end", DataTypes.IntegerType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false),
    });

    /** One extracted relation; {@code head}/{@code tail} index the row's {@code entities} array. */
    public static final StructType RELATION = new StructType(new StructField[] {
        DataTypes.createStructField("type", DataTypes.StringType, false),
        DataTypes.createStructField("head", DataTypes.IntegerType, false),
        DataTypes.createStructField("tail", DataTypes.IntegerType, false),
        DataTypes.createStructField("head_text", DataTypes.StringType, false),
        DataTypes.createStructField("tail_text", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false),
    });

    private final ModelSpec model;
    private final String textColumn;
    private final int textsPerCall;

    private SparkExtractor(Builder builder) {
        this.model = new ModelSpec(builder.modelDir, builder.batchSize, builder.precision, builder.relationThreshold);
        this.textColumn = builder.textColumn;
        this.textsPerCall = builder.textsPerCall;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The input's columns followed by {@code entities} and {@code relations}. */
    public StructType outputSchema(StructType input) {
        checkInput(input);
        return input
                .add(ENTITIES, DataTypes.createArrayType(ENTITY, false), false)
                .add(RELATIONS, DataTypes.createArrayType(RELATION, false), false);
    }

    /** The extraction as a lazy transformation: nothing runs until an action (write, count, collect) asks for it. */
    public Dataset<Row> extract(Dataset<Row> input) {
        StructType output = outputSchema(input.schema());
        int textIndex = input.schema().fieldIndex(textColumn);
        return input.mapPartitions(new ExtractPartition(model, textIndex, textsPerCall), Encoders.row(output));
    }

    private void checkInput(StructType input) {
        if (!Arrays.asList(input.fieldNames()).contains(textColumn)) {
            throw new SpanrelException("input has no text column '" + textColumn + "'; its columns are "
                    + Arrays.toString(input.fieldNames()) + " (choose one with the text column option)");
        }
        if (!DataTypes.StringType.equals(input.apply(textColumn).dataType())) {
            throw new SpanrelException("text column '" + textColumn + "' holds " + input.apply(textColumn).dataType().simpleString()
                    + ", not strings");
        }
        for (String taken : new String[] {ENTITIES, RELATIONS}) {
            if (Arrays.asList(input.fieldNames()).contains(taken)) {
                throw new SpanrelException("input already has a column '" + taken + "', which the extraction adds; rename or drop it");
            }
        }
    }

    /** What identifies a model as an executor opens it: directory and the options it is opened with. */
    record ModelSpec(String modelDir, int batchSize, String precision, Double relationThreshold) implements Serializable {
        TaggerOptions taggerOptions() {
            TaggerOptions options = new TaggerOptions(precision);
            return relationThreshold == null ? options : options.withRelationThreshold(relationThreshold);
        }
    }

    /** Builds a {@link SparkExtractor}: {@code set*} options are required, {@code opt*} ones have defaults. */
    public static final class Builder {
        private String modelDir;
        private String textColumn = "text";
        private int batchSize = 32;
        private int textsPerCall = 64;
        private String precision = "fp32";
        private Double relationThreshold;

        private Builder() {}

        /** The trained model directory, as every executor sees it. */
        public Builder setModelDir(String modelDir) {
            this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
            return this;
        }

        /** The string column to extract from (default {@code text}). */
        public Builder optTextColumn(String textColumn) {
            this.textColumn = Objects.requireNonNull(textColumn, "textColumn");
            return this;
        }

        /** Sentences per model batch (default 32). */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Rows handed to the extractor together, so short texts share batches (default 64). */
        public Builder optTextsPerCall(int textsPerCall) {
            if (textsPerCall < 1) {
                throw new IllegalArgumentException("texts per call must be at least 1: " + textsPerCall);
            }
            this.textsPerCall = textsPerCall;
            return this;
        }

        /** {@code fp32} (default) or {@code bf16} on executors whose CPUs have it. */
        public Builder optPrecision(String precision) {
            this.precision = Precision.parse(Objects.requireNonNull(precision, "precision"), "precision").configName();
            return this;
        }

        /** The probability from which a relation is kept, instead of the model's own threshold. */
        public Builder optRelationThreshold(double relationThreshold) {
            this.relationThreshold = TaggerOptions.checkRelationThreshold(relationThreshold);
            return this;
        }

        public SparkExtractor build() {
            if (modelDir == null) {
                throw new IllegalStateException("SparkExtractor.builder() needs setModelDir(...)");
            }
            return new SparkExtractor(this);
        }
    }
}
