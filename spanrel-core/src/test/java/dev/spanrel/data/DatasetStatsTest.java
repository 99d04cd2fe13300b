package dev.spanrel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.spanrel.SharedFolder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counts published in the shared data README, reproduced from the files. */
class DatasetStatsTest {
    private static DatasetStats stats(String dataset, String... splits) {
        Path folder = SharedFolder.data(dataset);
        TypeSystem types = SpertJson.readTypes(DataDirectory.typesFileIn(folder));
        DatasetStats total = null;
        for (String split : splits) {
            DatasetStats s = DatasetStats.of(SpertJson.readDocuments(folder.resolve(split + ".json"), types), types);
            total = total == null ? s : total.plus(s);
        }
        return total;
    }

    @Test
    void documentEntityAndRelationCountsPerFile() {
        Object[][] expected = {
            {"conll04", "conll04_train", 922, 3377, 1283}, {"conll04", "conll04_dev", 231, 893, 343},
            {"conll04", "conll04_test", 288, 1079, 422}, {"conll04", "conll04_train_dev", 1153, 4270, 1626},
            {"scierc", "scierc_train", 1861, 5598, 3219}, {"scierc", "scierc_dev", 275, 811, 455},
            {"scierc", "scierc_test", 551, 1685, 974}, {"scierc", "scierc_train_dev", 2136, 6409, 3674},
            {"ade", "ade_full", 4272, 10839, 6821},
            {"ade", "ade_split_0_train", 3845, 9769, 6155}, {"ade", "ade_split_0_test", 427, 1070, 666},
            {"ade", "ade_split_9_train", 3843, 9770, 6173}, {"ade", "ade_split_9_test", 429, 1069, 648},
        };
        for (Object[] row : expected) {
            DatasetStats s = stats((String) row[0], (String) row[1]);
            assertThat(List.of(s.documents(), s.entities(), s.relations())).as((String) row[1])
                    .containsExactly((Integer) row[2], (Integer) row[3], (Integer) row[4]);
        }
    }

    @Test
    void perTypeCountsOfConll04Test() {
        DatasetStats s = stats("conll04", "conll04_test");
        assertThat(s.entitiesPerType()).containsExactly(
                entry("Loc", 427), entry("Org", 198), entry("Peop", 321), entry("Other", 133));
        assertThat(s.relationsPerType()).containsExactly(entry("Work_For", 76), entry("Kill", 47),
                entry("OrgBased_In", 105), entry("Live_In", 100), entry("Located_In", 94));
    }

    @Test
    void perTypeCountsOfScierc() {
        DatasetStats train = stats("scierc", "scierc_train");
        assertThat(train.entitiesPerType()).containsExactly(entry("Task", 894), entry("Method", 1445),
                entry("Material", 542), entry("OtherScientificTerm", 1536), entry("Metric", 231), entry("Generic", 950));
        assertThat(train.relationsPerType()).containsExactly(entry("Used-for", 1690), entry("Feature-of", 173),
                entry("Hyponym-of", 298), entry("Evaluate-for", 313), entry("Part-of", 179), entry("Compare", 166),
                entry("Conjunction", 400));
        DatasetStats dev = stats("scierc", "scierc_dev");
        assertThat(dev.entitiesPerType()).containsExactly(entry("Task", 127), entry("Method", 216),
                entry("Material", 71), entry("OtherScientificTerm", 212), entry("Metric", 38), entry("Generic", 147));
        assertThat(dev.relationsPerType()).containsExactly(entry("Used-for", 214), entry("Feature-of", 32),
                entry("Hyponym-of", 44), entry("Evaluate-for", 50), entry("Part-of", 27), entry("Compare", 29),
                entry("Conjunction", 59));
        DatasetStats test = stats("scierc", "scierc_test");
        assertThat(test.entitiesPerType()).containsExactly(entry("Task", 263), entry("Method", 430),
                entry("Material", 158), entry("OtherScientificTerm", 522), entry("Metric", 71), entry("Generic", 241));
        assertThat(test.relationsPerType()).containsExactly(entry("Used-for", 533), entry("Feature-of", 59),
                entry("Hyponym-of", 67), entry("Evaluate-for", 91), entry("Part-of", 63), entry("Compare", 38),
                entry("Conjunction", 123));
    }

    @Test
    void spanFactsOverAllSplits() {
        DatasetStats conll = stats("conll04", "conll04_train", "conll04_dev", "conll04_test");
        DatasetStats scierc = stats("scierc", "scierc_train", "scierc_dev", "scierc_test");
        DatasetStats ade = stats("ade", "ade_full");
        assertThat(List.of(conll.longestDocument(), conll.longestEntity(), conll.widerThanMaxWidth(),
                conll.nestedPairs(), conll.crossingPairs())).containsExactly(118, 13, 2, 0, 0);
        assertThat(List.of(scierc.longestDocument(), scierc.longestEntity(), scierc.widerThanMaxWidth(),
                scierc.nestedPairs(), scierc.crossingPairs())).containsExactly(101, 13, 19, 88, 0);
        assertThat(List.of(ade.longestDocument(), ade.longestEntity(), ade.widerThanMaxWidth(),
                ade.nestedPairs(), ade.crossingPairs())).containsExactly(97, 14, 5, 120, 0);
        assertThat(ade.entitiesPerType()).containsExactly(entry("Adverse-Effect", 5776), entry("Drug", 5063));
        assertThat(ade.relationsPerType()).containsExactly(entry("Adverse-Effect", 6821));
        assertThat(ade.maxWidth()).isEqualTo(10);
    }
}
