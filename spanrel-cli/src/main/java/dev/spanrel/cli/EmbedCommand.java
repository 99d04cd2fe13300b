package dev.spanrel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanrel.encoder.BertModel;
import dev.spanrel.encoder.Encoders;
import dev.spanrel.encoder.PretrainedEncoder;
import dev.spanrel.text.WordPieceTokenizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Print the encoder's last-layer vectors for [CLS], the text's WordPiece tokens and [SEP].")
final class EmbedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--encoder", defaultValue = "bert-base-cased", paramLabel = "NAME_OR_DIR",
            description = "bert-base-cased (default) or a Hugging Face checkpoint directory")
    String encoder;

    @Option(names = "--text", required = true, description = "the text to embed")
    String text;

    @Option(names = "--json", description = "print {\"tokens\": [...], \"vectors\": [[...], ...]}")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PretrainedEncoder enc = Encoders.load(encoder);
        try (WordPieceTokenizer tok = enc.tokenizer(); NDManager manager = NDManager.newBaseManager()) {
            int[] pieces = tok.encode(text);
            int max = enc.config().maxPositionEmbeddings() - 2;
            if (pieces.length > max) {
                throw new dev.spanrel.SpanrelException("text has " + pieces.length + " sub-tokens; the encoder takes at most " + max);
            }
            long[] ids = new long[pieces.length + 2];
            ids[0] = tok.clsId();
            for (int i = 0; i < pieces.length; i++) {
                ids[i + 1] = pieces[i];
            }
            ids[ids.length - 1] = tok.sepId();
            List<String> tokens = new ArrayList<>();
            for (long id : ids) {
                tokens.add(tok.tokenOf((int) id));
            }
            BertModel model = enc.newModel(manager, false);
            NDArray input = manager.create(ids, new Shape(1, ids.length));
            NDArray hidden = model.forward(new ParameterStore(manager, false), new NDList(input, input.onesLike()), false)
                    .get(0);
            float[] values = hidden.toFloatArray();
            int h = enc.config().hiddenSize();
            print(spec.commandLine().getOut(), tokens, values, h);
        }
        return 0;
    }

    private void print(PrintWriter out, List<String> tokens, float[] values, int h) throws Exception {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            ArrayNode t = root.putArray("tokens");
            tokens.forEach(t::add);
            ArrayNode vectors = root.putArray("vectors");
            for (int i = 0; i < tokens.size(); i++) {
                ArrayNode v = vectors.addArray();
                for (int j = 0; j < h; j++) {
                    v.add(values[i * h + j]);
                }
            }
            out.println(mapper.writeValueAsString(root));
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            double norm = 0;
            StringBuilder head = new StringBuilder();
            for (int j = 0; j < h; j++) {
                float x = values[i * h + j];
                norm += x * x;
                if (j < 4) {
                    head.append(String.format(" %8.4f", x));
                }
            }
            out.printf("%-16s |v|=%7.3f %s ...%n", tokens.get(i), Math.sqrt(norm), head);
        }
        out.printf("%d tokens x %d dims (--json for all values)%n", tokens.size(), h);
    }
}
