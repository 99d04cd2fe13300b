/**
 * Extraction over Spark data sets: {@link dev.spanrel.spark.SparkExtractor} adds an entities and a relations column
 * to a {@code Dataset<Row>} of texts, and {@link dev.spanrel.spark.SpanrelExtractor} is the same as a Spark ML
 * pipeline stage. Each executor finds its model through {@code ModelSource} (a directory on its own disk, an archive
 * shipped with {@code --archives}, or a Hadoop file system URI fetched into the machine's {@code ModelCache}) and
 * opens it once per JVM ({@code ExecutorModels}); {@link dev.spanrel.spark.ExtractJob} is the batch job for
 * {@code spark-submit}.
 */
package dev.spanrel.spark;
