package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A transformer layer's feed-forward block, {@code gelu(x·W1ᵀ + b1)·W2ᵀ + b2}, in bfloat16 from its input to its
 * output (see {@link Precision#BF16}): the 4H-wide intermediate activation, the largest tensor of the layer, never
 * exists in float32, which saves two casts of it forward and two backward.
 */
final class Bf16FeedForward {
    // ScalarType codes of libtorch: 15 = bfloat16, 6 = float32.
    private static final String SOURCE = """
            class Bf16FeedForward(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Bf16FeedForward,
                x: Tensor,
                w1: Tensor,
                b1: Tensor,
                w2: Tensor,
                b2: Tensor) -> Tensor:
                h = torch.linear(torch.to(x, 15), torch.to(w1, 15), torch.to(b1, 15))
                y = torch.linear(torch.gelu(h), torch.to(w2, 15), torch.to(b2, 15))
                return torch.to(y, 6)
            """;

    private Bf16FeedForward() {}

    private static final class Holder {
        static final TorchScriptModule MODULE = TorchScriptModule.compile("Bf16FeedForward", SOURCE);
    }

    static NDArray apply(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2, boolean training) {
        return Holder.MODULE.forward(new NDList(x, w1, b1, w2, b2), training).singletonOrThrow();
    }
}
