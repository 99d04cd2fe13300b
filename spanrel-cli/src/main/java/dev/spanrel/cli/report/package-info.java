/** {@code spanrel report}: docs/RESULTS.md's tables and the SVG charts from the experiments' results. */
package dev.spanrel.cli.report;
