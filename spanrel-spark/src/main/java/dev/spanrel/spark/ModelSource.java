package dev.spanrel.spark;

import dev.spanrel.SpanrelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

/**
 * Where an executor finds the model it was given: a URI with a scheme ({@code hdfs://}, {@code s3a://},
 * {@code file://}, any Hadoop file system) is fetched into the executor machine's {@link ModelCache}; a plain path is a
 * directory on the executor's own disk, or the name of an archive shipped with {@code --archives} (which Spark unpacks
 * into each executor's work folder); both are opened where they are.
 */
final class ModelSource {
    /** Spark setting naming the local folder for fetched models (default: {@code <java.io.tmpdir>/spanrel-models}). */
    static final String CACHE_DIR = "spark.spanrel.modelCache";

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private ModelSource() {}

    static boolean hasScheme(String location) {
        return SCHEME.matcher(location).find();
    }

    /** The local model directory for {@code location}, fetching it first if it is on a Hadoop file system. */
    static Path localDirectory(String location) {
        SparkConf conf = SparkEnv.get() == null ? new SparkConf(false) : SparkEnv.get().conf();
        if (hasScheme(location)) {
            return cache(conf).fetch(location, hadoopConfiguration(conf));
        }
        Path local = Path.of(location);
        if (Files.isDirectory(local)) {
            return local;
        }
        if (SparkEnv.get() != null && !local.isAbsolute()) {
            Path shipped = Path.of(SparkFiles.get(location));
            if (Files.isDirectory(shipped)) {
                return shipped;
            }
        }
        throw new SpanrelException("model " + location + ": no such directory on this executor, nor an archive shipped"
                + " under that name; give a directory every executor has, a Hadoop file system URI (hdfs://, s3a://,"
                + " file://) or an archive with --archives model.zip#NAME and the model NAME");
    }

    static ModelCache cache(SparkConf conf) {
        return new ModelCache(Path.of(conf.get(CACHE_DIR, System.getProperty("java.io.tmpdir") + "/spanrel-models")));
    }

    /** Hadoop's settings as Spark's own readers see them on an executor: the defaults plus every spark.hadoop.* setting. */
    static Configuration hadoopConfiguration(SparkConf conf) {
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> setting : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(setting._1(), setting._2());
        }
        return hadoop;
    }
}
