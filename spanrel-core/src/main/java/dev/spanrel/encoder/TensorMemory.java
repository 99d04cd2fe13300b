package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.spanrel.SpanrelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A CPU tensor's own memory as a direct buffer in native order: reads see the tensor, writes go straight into it
 * (also into one that requires gradients, and into bfloat16 tensors, whose data type DJL does not know on CPU).
 */
public final class TensorMemory {
    private TensorMemory() {}

    /**
     * The memory of {@code array}.
     *
     * @param array a contiguous PyTorch tensor on the CPU
     * @return a buffer over its bytes, in native order
     */
    public static ByteBuffer of(NDArray array) {
        if (!(array instanceof PtNDArray pt) || !ai.djl.Device.cpu().equals(array.getDevice())) {
            throw new SpanrelException("direct tensor memory needs CPU PyTorch tensors; got " + array.getClass().getSimpleName()
                    + " on " + array.getDevice());
        }
        return JniUtils.getByteBuffer(pt, true).order(ByteOrder.nativeOrder());
    }
}
