package dev.spanrel.spark;

import dev.spanrel.encoder.Precision;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Entity and relation extraction as a Spark ML stage, for {@code new Pipeline().setStages(...)} beside other
 * text stages: adds an entities and a relations column to each row (as {@link SparkExtractor}, which it configures
 * from its params). Saved and loaded with the pipeline as its params; the model itself stays where {@code model}
 * points and is opened by each executor when the stage first runs there.
 */
public final class SpanrelExtractor extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> model;
    private final Param<String> inputCol;
    private final Param<String> entitiesCol;
    private final Param<String> relationsCol;
    private final IntParam batchSize;
    private final Param<String> precision;
    private final DoubleParam relationThreshold;

    public SpanrelExtractor() {
        this(Identifiable.randomUID("spanrelExtractor"));
    }

    /** The constructor Spark ML's readers and {@link #copy} call. */
    public SpanrelExtractor(String uid) {
        this.uid = uid;
        model = new Param<>(this, "model", "trained model directory: a Hadoop file system URI (hdfs://, s3a://,"
                + " file://), a path every executor has, or the name of an archive shipped with --archives");
        inputCol = new Param<>(this, "inputCol", "string column with the texts");
        entitiesCol = new Param<>(this, "entitiesCol", "output column for the entities");
        relationsCol = new Param<>(this, "relationsCol", "output column for the relations");
        batchSize = new IntParam(this, "batchSize", "sentences per model batch", ParamValidators.gtEq(1));
        precision = new Param<>(this, "precision", "fp32, or bf16 on executors whose CPUs have AMX or AVX512-BF16",
                ParamValidators.inArray(new String[] {"fp32", "bf16"}));
        relationThreshold = new DoubleParam(this, "relationThreshold",
                "probability from which a relation is kept (default: the model's own threshold)",
                ParamValidators.inRange(0, 1));
        setDefault(inputCol, "text");
        setDefault(entitiesCol, SparkExtractor.ENTITIES);
        setDefault(relationsCol, SparkExtractor.RELATIONS);
        setDefault(batchSize, 16);
        setDefault(precision, "fp32");
    }

    /** Reads a stage saved with {@code write().save(path)} (Spark ML's readers find this method by name). */
    public static MLReader<SpanrelExtractor> read() {
        return new Readable().read();
    }

    public static SpanrelExtractor load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    // Spark ML finds a stage's params as its public methods without arguments returning a Param.

    public Param<String> model() {
        return model;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> entitiesCol() {
        return entitiesCol;
    }

    public Param<String> relationsCol() {
        return relationsCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public Param<String> precision() {
        return precision;
    }

    public DoubleParam relationThreshold() {
        return relationThreshold;
    }

    public SpanrelExtractor setModel(String value) {
        set(model, value);
        return this;
    }

    public SpanrelExtractor setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public SpanrelExtractor setEntitiesCol(String value) {
        set(entitiesCol, value);
        return this;
    }

    public SpanrelExtractor setRelationsCol(String value) {
        set(relationsCol, value);
        return this;
    }

    public SpanrelExtractor setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public SpanrelExtractor setPrecision(String value) {
        set(precision, Precision.parse(value, "precision").configName());
        return this;
    }

    public SpanrelExtractor setRelationThreshold(double value) {
        set(relationThreshold, value);
        return this;
    }

    public String getModel() {
        return getOrDefault(model);
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public String getEntitiesCol() {
        return getOrDefault(entitiesCol);
    }

    public String getRelationsCol() {
        return getOrDefault(relationsCol);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public String getPrecision() {
        return getOrDefault(precision);
    }

    /** The threshold set, or NaN for the model's own. */
    public double getRelationThreshold() {
        return isDefined(relationThreshold) ? (Double) getOrDefault(relationThreshold) : Double.NaN;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return extractor().extract(dataset.toDF());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return extractor().outputSchema(schema);
    }

    @Override
    public SpanrelExtractor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    private SparkExtractor extractor() {
        if (!isDefined(model)) {
            throw new IllegalArgumentException("SpanrelExtractor " + uid + " needs setModel(...)");
        }
        SparkExtractor.Builder builder = SparkExtractor.builder().setModel(getModel()).optTextColumn(getInputCol())
                .optEntitiesColumn(getEntitiesCol()).optRelationsColumn(getRelationsCol())
                .optBatchSize(getBatchSize()).optPrecision(getPrecision());
        if (isDefined(relationThreshold)) {
            builder.optRelationThreshold(getRelationThreshold());
        }
        return builder.build();
    }

    /** Spark ML's reader of saved params, which instantiates the stage through {@link #SpanrelExtractor(String)}. */
    private static final class Readable implements DefaultParamsReadable<SpanrelExtractor> {}
}
