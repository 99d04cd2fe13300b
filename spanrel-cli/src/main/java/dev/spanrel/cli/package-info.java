/**
 * The {@code spanrel} command line: {@link dev.spanrel.cli.Main} and one class per command of the data, training,
 * evaluation and model tasks; the HTTP service, the benchmarks, the reports and the result formats each have a
 * package of their own ({@code serve}, {@code bench}, {@code report}, {@code io}).
 */
package dev.spanrel.cli;
