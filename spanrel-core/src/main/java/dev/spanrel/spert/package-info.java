/**
 * Interoperation with SpERT (the Python reference implementation): importing a SpERT checkpoint as a model
 * directory ({@link dev.spanrel.spert.SpertImport}), exporting a model as a checkpoint SpERT's own evaluation loads
 * ({@link dev.spanrel.spert.SpertExport}), and the settings the two share.
 */
package dev.spanrel.spert;
