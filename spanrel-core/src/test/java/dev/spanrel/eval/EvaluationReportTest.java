package dev.spanrel.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
    static final Scores SCORES = new Scores(new Prf(50, 25, 100.0 / 3, 2), new Prf(40, 20, 30, 2),
            Map.of("Loc", new Prf(100, 50, 200.0 / 3, 2)));
    static final Evaluation EVALUATION = new Evaluation(SCORES, SCORES, SCORES, RelationErrors.NONE);

    @Test
    void jsonHasTheThreeBlocksWithMicroMacroAndPerType() {
        ObjectNode json = EvaluationReport.toJson(EVALUATION);
        assertThat(json.fieldNames()).toIterable().containsExactly("entities", "relations_strict", "relations_boundaries");
        assertThat(json.get("entities").fieldNames()).toIterable().containsExactly("micro", "macro", "per_type");
        assertThat(json.at("/entities/micro").fieldNames()).toIterable().containsExactly("precision", "recall", "f1");
        assertThat(json.at("/relations_strict/per_type/Loc").fieldNames()).toIterable()
                .containsExactly("precision", "recall", "f1", "support");
        assertThat(json.at("/relations_boundaries/per_type/Loc/support").intValue()).isEqualTo(2);
        assertThat(json.at("/entities/macro/f1").doubleValue()).isEqualTo(30);
    }

    @Test
    void tableNamesTheSettingsAndHasPerTypeMicroAndMacroRows() {
        String table = EvaluationReport.toTable(EVALUATION);
        assertThat(table).contains("Entities", "Relations, strict", "Relations, boundaries");
        List<String> lines = table.lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("Loc\\s+100\\.00\\s+50\\.00\\s+66\\.67\\s+2"));
        assertThat(lines).anyMatch(l -> l.matches("micro\\s+50\\.00\\s+25\\.00\\s+33\\.33\\s+2"));
        assertThat(lines).anyMatch(l -> l.matches("macro\\s+40\\.00\\s+20\\.00\\s+30\\.00\\s+2"));
    }
}
