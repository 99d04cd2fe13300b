package dev.spanrel.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.SpanrelException;

/**
 * Label-noise transition matrices estimated from the noisy training data itself ({@link TransitionCounts}): row i
 * is the distribution of observed labels among the spans (pairs) the model confidently puts in class i, so
 * {@code T[i][j]} estimates P(observed type j | true type i). Rows run over the entity types (without "no entity",
 * which noise never touches) and over the relation types. Kept in the checkpoint, so a resumed run corrects with
 * the matrix the uninterrupted run estimated.
 *
 * @param entities [entity types][entity types], rows summing to 1
 * @param relations [relation types][relation types], rows summing to 1
 */
public record TransitionEstimate(double[][] entities, double[][] relations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Rows from counts: each row divided by its total, every entry raised to at least {@code floor}, the row
     * normalised again. A row without counts (a class the model never confidently predicted) is the identity's.
     *
     * @param counts [true class][observed class]
     * @param floor the least probability of any transition, so no observed label is ever impossible
     * @return the row-stochastic matrix
     */
    static double[][] fromCounts(long[][] counts, double floor) {
        int n = counts.length;
        double[][] matrix = new double[n][n];
        for (int i = 0; i < n; i++) {
            long total = TransitionCounts.rowTotal(counts[i]);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double p = total == 0 ? (i == j ? 1 : 0) : (double) counts[i][j] / total;
                matrix[i][j] = Math.max(p, floor);
                sum += matrix[i][j];
            }
            for (int j = 0; j < n; j++) {
                matrix[i][j] /= sum;
            }
        }
        return matrix;
    }

    /** The matrix as a float row-major array, as the loss multiplies with it. */
    static float[] flat(double[][] matrix) {
        int n = matrix.length;
        float[] out = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = (float) matrix[i][j];
            }
        }
        return out;
    }

    /**
     * {@code {"entities": [[...]], "relations": [[...]]}}, for the checkpoint and results.json.
     *
     * @return the two transition matrices, as arrays of rows
     */
    public ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.set("entities", JSON.valueToTree(entities));
        json.set("relations", JSON.valueToTree(relations));
        return json;
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @param json the object
     * @param origin the file it came from, for the message
     * @return the estimate
     */
    public static TransitionEstimate fromJson(JsonNode json, String origin) {
        return new TransitionEstimate(square(json.get("entities"), origin + ": transitions.entities"),
                square(json.get("relations"), origin + ": transitions.relations"));
    }

    private static double[][] square(JsonNode rows, String where) {
        if (rows == null || !rows.isArray()) {
            throw new SpanrelException(where + " must be an array of rows");
        }
        double[][] matrix = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (!row.isArray() || row.size() != rows.size()) {
                throw new SpanrelException(where + "[" + i + "] must be a row of " + rows.size() + " numbers");
            }
            matrix[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                if (!row.get(j).isNumber()) {
                    throw new SpanrelException(where + "[" + i + "][" + j + "] must be a number, got " + row.get(j));
                }
                matrix[i][j] = row.get(j).doubleValue();
            }
        }
        return matrix;
    }

    /** For the log: one line per row. */
    static String format(double[][] matrix) {
        StringBuilder out = new StringBuilder();
        for (double[] row : matrix) {
            out.append("   ");
            for (double v : row) {
                out.append(String.format(java.util.Locale.ROOT, " %.3f", v));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
