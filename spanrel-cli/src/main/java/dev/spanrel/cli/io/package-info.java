/**
 * Extraction results as files and HTTP bodies: {@link dev.spanrel.cli.io.ResultJson} (the shape {@code predict} and
 * the service share) and a {@link dev.spanrel.cli.io.ResultWriter} per {@link dev.spanrel.cli.io.OutputFormat} of
 * {@code predict --output-format}.
 */
package dev.spanrel.cli.io;
