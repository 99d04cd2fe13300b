/**
 * The BERT encoder: a Hugging Face-exact {@link dev.spanrel.encoder.BertModel} as one DJL block, its
 * configuration, readers and writers of checkpoint formats (safetensors, PyTorch zip, TensorFlow bundles) behind
 * {@link dev.spanrel.encoder.Checkpoints}, and {@link dev.spanrel.encoder.Encoders}, which loads
 * {@code bert-base-cased} or a checkpoint directory; the encoder's matmuls run in float32 or bfloat16
 * ({@link dev.spanrel.encoder.Precision}).
 */
package dev.spanrel.encoder;
