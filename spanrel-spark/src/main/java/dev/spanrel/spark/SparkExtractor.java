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
 * <p>The model is a directory on any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file://}: each
 * executor machine fetches it once into a local cache), a local directory at the same path on every executor, or
 * the name of an archive shipped with {@code --archives}. Each executor JVM opens it once ({@link ExecutorModels})
 * and its tasks share it.
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
    private final String entitiesColumn;
    private final String relationsColumn;
    private final int textsPerCall;

    private SparkExtractor(Builder builder) {
        this.model = new ModelSpec(builder.model, builder.batchSize, builder.precision, builder.relationThreshold);
        this.textColumn = builder.textColumn;
        this.entitiesColumn = builder.entitiesColumn;
        this.relationsColumn = builder.relationsColumn;
        this.textsPerCall = builder.textsPerCall;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The input's columns followed by the entities and relations columns ({@code entities}, {@code relations}). */
    public StructType outputSchema(StructType input) {
        checkInput(input);
        return input
                .add(entitiesColumn, DataTypes.createArrayType(ENTITY, false), false)
                .add(relationsColumn, DataTypes.createArrayType(RELATION, false), false);
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
        if (entitiesColumn.equals(relationsColumn)) {
            throw new SpanrelException("entities and relations need two column names, not both '" + entitiesColumn + "'");
        }
        for (String taken : new String[] {entitiesColumn, relationsColumn}) {
            if (Arrays.asList(input.fieldNames()).contains(taken)) {
                throw new SpanrelException("input already has a column '" + taken + "', which the extraction adds; rename or drop it");
            }
        }
    }

    /** What identifies a model as an executor opens it: where it is and the options it is opened with. */
    record ModelSpec(String model, int batchSize, String precision, Double relationThreshold) implements Serializable {
        TaggerOptions taggerOptions() {
            TaggerOptions options = new TaggerOptions(precision);
            return relationThreshold == null ? options : options.withRelationThreshold(relationThreshold);
        }
    }

    /** Builds a {@link SparkExtractor}: {@code set*} options are required, {@code opt*} ones have defaults. */
    public static final class Builder {
        private String model;
        private String textColumn = "text";
        private String entitiesColumn = ENTITIES;
        private String relationsColumn = RELATIONS;
        private int batchSize = 16;
        private int textsPerCall = 64;
        private String precision = "fp32";
        private Double relationThreshold;

        private Builder() {}

        /**
         * The trained model directory: a Hadoop file system URI ({@code hdfs://...}, {@code s3a://...},
         * {@code file:///...}), fetched once per executor machine; a plain path every executor has; or the name an
         * archive was shipped under with {@code --archives}.
         */
        public Builder setModel(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The string column to extract from (default {@code text}). */
        public Builder optTextColumn(String textColumn) {
            this.textColumn = Objects.requireNonNull(textColumn, "textColumn");
            return this;
        }

        /** The column for the extracted entities (default {@code entities}). */
        public Builder optEntitiesColumn(String entitiesColumn) {
            this.entitiesColumn = Objects.requireNonNull(entitiesColumn, "entitiesColumn");
            return this;
        }

        /** The column for the extracted relations (default {@code relations}). */
        public Builder optRelationsColumn(String relationsColumn) {
            this.relationsColumn = Objects.requireNonNull(relationsColumn, "relationsColumn");
            return this;
        }

        /** Sentences per model batch (default 16). */
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
            if (model == null) {
                throw new IllegalStateException("SparkExtractor.builder() needs setModel(...)");
            }
            return new SparkExtractor(this);
        }
    }
}
