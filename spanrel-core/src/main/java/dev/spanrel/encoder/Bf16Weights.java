package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * bfloat16 copies of an encoder's projection matrices, kept between updates so that a {@link Precision#BF16}
 * forward pass takes them as they are instead of casting every float32 weight each time (and autograd casting every
 * gradient back): the copies are the leaves the gradients arrive at, in bfloat16, and whoever updates the float32
 * weights rewrites the copies from them (the optimizer does it in its pass over the memory). Each copy holds what
 * libtorch's cast would give, round to nearest even, so a forward pass computes what the casting path computes.
 * DJL does not know the bfloat16 data type on CPU: the copies are made and read through their memory only.
 *
 * <p>Made by {@link BertModel#keepBf16Copies(NDManager)}; {@link #refresh()} after the float32 weights were set by
 * other means (a checkpoint restored); {@link #close()} returns the encoder to casting.
 */
public final class Bf16Weights implements AutoCloseable {
    private final BertModel owner;
    private final Map<Parameter, NDArray> byParameter = new IdentityHashMap<>();
    private final Map<String, NDArray> byName = new LinkedHashMap<>();
    private final Map<String, Parameter> masters = new LinkedHashMap<>();
    private volatile boolean float32Dropped;

    Bf16Weights(BertModel owner, Map<String, Parameter> weights, NDManager manager, boolean trainable) {
        this.owner = owner;
        weights.forEach((name, parameter) -> {
            NDArray master = parameter.getArray();
            // A bfloat16 leaf of the weight's shape (cast from zeros, which need no gradient); refresh() fills it.
            NDArray copy;
            try (NDArray zeros = manager.zeros(master.getShape(), DataType.FLOAT32, master.getDevice())) {
                copy = Bf16Cast.apply(zeros);
            }
            copy.attach(manager);
            byParameter.put(parameter, copy);
            byName.put(name, copy);
            masters.put(name, parameter);
        });
        refresh();
        if (trainable) {
            byName.values().forEach(copy -> copy.setRequiresGradient(true));
        }
    }

    /**
     * Frees the float32 weights the copies were made from, for a model that only predicts from now on: the encoder
     * keeps half the memory for its projection matrices. Saving or exporting the model fails after this (its
     * parameters have no arrays), and so does a float32 forward pass; {@link #refresh()} has nothing to round from.
     */
    public void dropFloat32Weights() {
        masters.values().forEach(Parameter::close);
        masters.clear();
        float32Dropped = true;
    }

    /**
     * Whether the float32 weights are still there ({@link #dropFloat32Weights()} not called).
     *
     * @return true unless they were freed
     */
    public boolean hasFloat32Weights() {
        return !float32Dropped;
    }

    /**
     * The copies under the encoder's parameter names (those of {@link BertModel#namedParameters()}).
     *
     * @return name to bfloat16 copy, live tensors (with gradients attached in a training)
     */
    public Map<String, NDArray> byName() {
        return Collections.unmodifiableMap(byName);
    }

    /** Rounds every float32 weight into its copy again, as after a checkpoint was restored. */
    public void refresh() {
        masters.forEach((name, parameter) -> {
            ByteBuffer from = TensorMemory.of(parameter.getArray());
            ByteBuffer to = TensorMemory.of(byName.get(name));
            int n = from.capacity() / Float.BYTES;
            for (int i = 0; i < n; i++) {
                to.putShort(2 * i, round(from.getFloat(4 * i)));
            }
        });
    }

    NDArray copyOf(Parameter parameter) {
        return byParameter.get(parameter);
    }

    @Override
    public void close() {
        owner.dropBf16Copies(this);
        byName.values().forEach(NDArray::close);
    }

    /**
     * The bfloat16 nearest to {@code value}, ties to even, as libtorch casts (every NaN becomes a quiet NaN).
     *
     * @param value a float
     * @return the bits of the bfloat16
     */
    public static short round(float value) {
        if (Float.isNaN(value)) {
            return (short) 0x7fc0;
        }
        int bits = Float.floatToRawIntBits(value);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /**
     * The float a bfloat16 stands for (exact: a bfloat16 is the upper half of a float).
     *
     * @param bits the bits of the bfloat16
     * @return its value
     */
    public static float widen(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }
}
