package dev.spanrel.spark;

import dev.spanrel.SpanrelException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The batch job: read a corpus, extract, write the rows with their entities and relations. Runs under
 * {@code spark-submit --class dev.spanrel.spark.ExtractJob} on a cluster, or locally through {@code bin/spanrel-spark}.
 * The output is written next to its destination and moved into place when complete, so a failed job leaves no
 * half-written output and an existing one untouched.
 */
@Command(name = "spanrel-spark", mixinStandardHelpOptions = true, version = "spanrel-spark 0.1.0",
        description = "Extracts entities and relations from a text column of a corpus on Apache Spark.")
public final class ExtractJob implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Trained model directory: a Hadoop URI (hdfs://, s3a://, file://; fetched once per executor machine), a path every executor has, or the NAME of --archives model.zip#NAME.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Input file or folder (any Hadoop file system).")
    String input;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "json (JSON Lines), parquet, or text (one text per line, column 'text'); default: parquet for *.parquet, text for *.txt, else json.")
    String inputFormat;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output folder.")
    String output;

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "parquet", description = "parquet (default) or json.")
    String outputFormat;

    @Option(names = "--overwrite", description = "Replace an existing output folder (only once the new one is complete).")
    boolean overwrite;

    @Option(names = "--text-column", paramLabel = "NAME", defaultValue = "text", description = "Column with the texts (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--partitions", paramLabel = "N", description = "Repartition the input into N parts first (default: as read).")
    Integer partitions;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16", description = "Sentences per model batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32 (default) or bf16 on executors whose CPUs have AMX or AVX512-BF16.")
    String precision;

    @Option(names = "--relation-threshold", paramLabel = "P", description = "Keep relations from this probability on, instead of the model's threshold.")
    Double relationThreshold;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not started by spark-submit (default: local[*]).")
    String master;

    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: a {@link SpanrelException} is a one-line error and exit code 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ExtractJob());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof SpanrelException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        // Options are checked before a Spark session starts, which takes seconds.
        String readFormat = inputFormat();
        String writeFormat = outputFormat();
        SparkExtractor.Builder builder = SparkExtractor.builder().setModel(model).optTextColumn(textColumn)
                .optBatchSize(batchSize).optPrecision(precision);
        if (relationThreshold != null) {
            builder.optRelationThreshold(relationThreshold);
        }
        SparkExtractor extractor = builder.build();
        SparkSession.Builder session = SparkSession.builder().appName("spanrel extract");
        boolean local = master == null && !SparkSession.getActiveSession().isDefined() && System.getProperty("spark.master") == null;
        if (master != null) {
            session.master(master);
        } else if (local) {
            session.master("local[*]");
        }
        // A session this job starts it also stops: left to the JVM's exit, a cluster's executors would be killed
        // under a live application and relaunched until the master gives up on it.
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session.getOrCreate();
        if (local) {
            // Started from a shell, not by spark-submit: the result line, not Spark's INFO chatter.
            spark.sparkContext().setLogLevel("WARN");
        }
        try {
            return run(spark, readFormat, writeFormat, extractor);
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private int run(SparkSession spark, String readFormat, String writeFormat, SparkExtractor extractor) throws IOException {
        long started = System.nanoTime();
        Dataset<Row> corpus = read(spark, readFormat);
        if (partitions != null) {
            corpus = corpus.repartition(partitions);
        }
        Dataset<Row> extracted = extractor.extract(corpus);
        Path destination = new Path(output);
        FileSystem fs = destination.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(destination) && !overwrite) {
            throw new SpanrelException("output " + output + " exists; choose another or pass --overwrite");
        }
        Path temp = new Path(destination.getParent(), "." + destination.getName() + ".part-" + UUID.randomUUID());
        try {
            extracted.write().format(writeFormat).save(temp.toString());
            replace(fs, temp, destination);
        } finally {
            fs.delete(temp, true);
        }
        report(spark.read().format(writeFormat).load(output), System.nanoTime() - started);
        return 0;
    }

    /** The input format as given, else the one its name suggests. */
    private String inputFormat() {
        String format = inputFormat != null ? inputFormat : formatOf(input);
        if (!format.equals("text") && !format.equals("json") && !format.equals("parquet")) {
            throw new SpanrelException("--input-format must be json, parquet or text, not '" + format + "'");
        }
        return format;
    }

    /** Parquet for a {@code .parquet} path, text for {@code .txt}, JSON Lines for anything else (folders too). */
    static String formatOf(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return name.endsWith(".parquet") ? "parquet" : name.endsWith(".txt") ? "text" : "json";
    }

    private String outputFormat() {
        if (!outputFormat.equals("parquet") && !outputFormat.equals("json")) {
            throw new SpanrelException("--output-format must be parquet or json, not '" + outputFormat + "'");
        }
        return outputFormat;
    }

    private Dataset<Row> read(SparkSession spark, String format) {
        if (format.equals("text")) {
            return spark.read().text(input).withColumnRenamed("value", textColumn);
        }
        Dataset<Row> corpus = spark.read().format(format).load(input);
        // Spark reads a file with no JSON line in it as one column of failures rather than refusing it.
        if (format.equals("json") && Arrays.equals(corpus.schema().fieldNames(), new String[] {"_corrupt_record"})) {
            throw new SpanrelException("input " + input + ": no line reads as a JSON object; for one text per line, pass --input-format text");
        }
        return corpus;
    }

    /** Moves the finished output into place; an old output is set aside first and dropped only after the move. */
    private static void replace(FileSystem fs, Path finished, Path destination) throws IOException {
        Path old = null;
        if (fs.exists(destination)) {
            old = new Path(destination.getParent(), "." + destination.getName() + ".old-" + UUID.randomUUID());
            rename(fs, destination, old);
        }
        rename(fs, finished, destination);
        if (old != null) {
            fs.delete(old, true);
        }
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new SpanrelException("could not move " + from + " to " + to);
        }
    }

    private void report(Dataset<Row> written, long nanos) {
        Row totals = written.agg(functions.count(functions.lit(1)),
                functions.sum(functions.size(functions.col(SparkExtractor.ENTITIES))),
                functions.sum(functions.size(functions.col(SparkExtractor.RELATIONS)))).first();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d rows, %d entities, %d relations -> %s (%.1f s)%n", totals.getLong(0),
                totals.isNullAt(1) ? 0 : totals.getLong(1), totals.isNullAt(2) ? 0 : totals.getLong(2), output, nanos / 1e9);
        out.flush();
    }
}
