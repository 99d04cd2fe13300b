package dev.spanrel.eval;

/**
 * Precision, recall and F1 in percent (0–100), and the support: how many gold units there are (for micro and
 * macro rows, all gold units of the block).
 */
public record Prf(double precision, double recall, double f1, int support) {}
