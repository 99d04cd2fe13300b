package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * libtorch's cast of a float32 tensor to bfloat16 (DJL's {@code toType} has no bfloat16 on CPU and aborts the JVM).
 * The result's data type is unknown to DJL: only its memory, shape and gradient may be used from Java.
 */
final class Bf16Cast {
    // ScalarType code of libtorch: 15 = bfloat16.
    private static final String SOURCE = """
            class Bf16Cast(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Bf16Cast,
                x: Tensor) -> Tensor:
                return torch.to(x, 15)
            """;

    private Bf16Cast() {}

    private static final class Holder {
        static final TorchScriptModule MODULE = TorchScriptModule.compile("Bf16Cast", SOURCE);
    }

    /** {@code x} (float32, not requiring gradients) in bfloat16, a new tensor. */
    static NDArray apply(NDArray x) {
        // In training mode: an inference-mode tensor (what eval mode returns) can never require gradients.
        return Holder.MODULE.forward(new NDList(x), true).singletonOrThrow();
    }
}
