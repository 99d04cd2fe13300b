package dev.spanrel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A transformer layer's self-attention up to its output projection, with every matmul on bfloat16 operands (see
 * {@link Precision#BF16}): Q, K and V from one bfloat16 copy of the input, the scores in float32 for the mask and
 * softmax (and dropout of the probabilities in training), the context and the output projection in bfloat16, the
 * result in float32. The scores are scaled after the product, as in Hugging Face's BERT.
 *
 * <p>Inputs: x [B, L, H], the four projections' weights and biases, the additive mask [B, 1, 1, L], the dropout
 * mask of the probabilities ({@link DropoutMasks#mask}, [B, heads, L, L]; a 0-dimensional tensor for none) and
 * {@code settings} = [heads].
 */
final class Bf16SelfAttention {
    // ScalarType codes of libtorch: 15 = bfloat16, 6 = float32. `self.training` follows DJL's train/eval switch.
    private static final String SOURCE = """
            class Bf16SelfAttention(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Bf16SelfAttention,
                x: Tensor,
                wq: Tensor,
                bq: Tensor,
                wk: Tensor,
                bk: Tensor,
                wv: Tensor,
                bv: Tensor,
                wo: Tensor,
                bo: Tensor,
                mask: Tensor,
                keep: Tensor,
                settings: Tensor) -> Tensor:
                heads = int(torch.item(torch.select(settings, 0, 0)))
                b = torch.size(x, 0)
                l = torch.size(x, 1)
                h = torch.size(x, 2)
                d = torch.floordiv(h, heads)
                xb = torch.to(x, 15)
                q = torch.transpose(torch.view(torch.linear(xb, torch.to(wq, 15), torch.to(bq, 15)), [b, l, heads, d]), 1, 2)
                k = torch.permute(torch.view(torch.linear(xb, torch.to(wk, 15), torch.to(bk, 15)), [b, l, heads, d]), [0, 2, 3, 1])
                v = torch.transpose(torch.view(torch.linear(xb, torch.to(wv, 15), torch.to(bv, 15)), [b, l, heads, d]), 1, 2)
                scores = torch.add(torch.mul(torch.to(torch.matmul(q, k), 6), torch.div(1., torch.pow(d, 0.5))), mask)
                probs = torch.softmax(scores, -1)
                if torch.gt(torch.dim(keep), 0):
                  probs = torch.mul(probs, keep)
                context = torch.reshape(torch.transpose(torch.matmul(torch.to(probs, 15), v), 1, 2), [b, l, h])
                return torch.to(torch.linear(context, torch.to(wo, 15), torch.to(bo, 15)), 6)
            """;

    private Bf16SelfAttention() {}

    private static final class Holder {
        static final TorchScriptModule MODULE = TorchScriptModule.compile("Bf16SelfAttention", SOURCE);
    }

    static NDArray apply(NDList inputs, boolean training) {
        return Holder.MODULE.forward(inputs, training).singletonOrThrow();
    }
}
