/**
 * The benchmarks the project ships: {@code bench encoder} (encoder throughput against the matmul ceiling),
 * {@code bench train} (real training updates, optionally under libtorch's profiler) and {@code loadtest}
 * (concurrent clients against a running service).
 */
package dev.spanrel.cli.bench;
