package dev.spanrel.encoder;

import dev.spanrel.SpanrelException;
import java.util.Arrays;

/**
 * A float32 tensor on the Java heap, row-major: what checkpoint readers produce and writers consume, kept apart
 * from any engine so that reading weights needs no native library.
 *
 * @param shape the dimensions
 * @param values the values in row-major order
 */
public record FloatTensor(long[] shape, float[] values) {
    /**
     * Checks that the shape holds exactly as many values as given.
     *
     * @param shape the dimensions
     * @param values the values in row-major order
     */
    public FloatTensor {
        long n = numel(shape);
        if (n != values.length) {
            throw new SpanrelException("tensor of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
    }

    /**
     * The number of values.
     *
     * @return the length of {@code values}
     */
    public long numel() {
        return values.length;
    }

    /**
     * The number of values a tensor of this shape holds.
     *
     * @param shape the dimensions
     * @return their product
     */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Whether this tensor has exactly {@code expected} as its shape.
     *
     * @param expected the dimensions to compare with
     * @return true when the shapes are equal
     */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    /**
     * The [in, out] ↔ [out, in] swap of a 2-D tensor (TF kernels to linear weights).
     *
     * @return a new tensor with the two dimensions swapped
     */
    public FloatTensor transpose2d() {
        if (shape.length != 2) {
            throw new SpanrelException("transpose2d needs a 2-D tensor, got shape " + Arrays.toString(shape));
        }
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[base + c];
            }
        }
        return new FloatTensor(new long[] {cols, rows}, out);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
