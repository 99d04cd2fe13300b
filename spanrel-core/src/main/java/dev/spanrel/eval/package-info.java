/**
 * SpERT's evaluation protocol: {@link dev.spanrel.eval.Evaluator} scores predicted documents against gold
 * (entities, relations strict and by boundaries; micro, macro and per type) and splits the relation errors;
 * {@link dev.spanrel.eval.EvaluationReport} renders the scores as JSON or a table.
 */
package dev.spanrel.eval;
