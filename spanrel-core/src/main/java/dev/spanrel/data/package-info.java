/**
 * Annotated documents and their types: {@link dev.spanrel.data.Document}, entity and relation mentions, the
 * {@link dev.spanrel.data.TypeSystem}; reading and writing SpERT JSON ({@link dev.spanrel.data.SpertJson}, every
 * mistake named by file, document and field), importing brat standoff annotation, locating the data folder,
 * downloading the benchmark sets and counting what a data set holds.
 */
package dev.spanrel.data;
