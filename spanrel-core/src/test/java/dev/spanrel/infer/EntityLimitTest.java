package dev.spanrel.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanrel.data.EntityType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding keeps at most {@link SpanDecoder#entityLimit} entities per document, the most probable ones. */
class EntityLimitTest {
    private static final EntityType PER = new EntityType("Peop", "Peop", "People", 1);

    @Test
    void limitIsOneEntityPerWordAndAtLeast64() {
        assertThat(SpanDecoder.entityLimit(5)).isEqualTo(64);
        assertThat(SpanDecoder.entityLimit(64)).isEqualTo(64);
        assertThat(SpanDecoder.entityLimit(600)).isEqualTo(600);
    }

    @Test
    void keepsTheMostProbableInTextOrder() {
        List<ScoredEntity> found = List.of(
                new ScoredEntity(PER, 5, 6, 0.9),
                new ScoredEntity(PER, 0, 2, 0.5),
                new ScoredEntity(PER, 3, 4, 0.7),
                new ScoredEntity(PER, 1, 2, 0.7),
                new ScoredEntity(PER, 0, 1, 0.6));
        assertThat(SpanDecoder.mostLikely(found, 3)).containsExactly(
                new ScoredEntity(PER, 1, 2, 0.7),
                new ScoredEntity(PER, 3, 4, 0.7),
                new ScoredEntity(PER, 5, 6, 0.9));
    }

    @Test
    void underTheLimitOnlySortsIntoTextOrder() {
        List<ScoredEntity> found = List.of(new ScoredEntity(PER, 2, 3, 0.9), new ScoredEntity(PER, 0, 3, 0.5), new ScoredEntity(PER, 0, 1, 0.6));
        assertThat(SpanDecoder.mostLikely(found, 3)).containsExactly(
                new ScoredEntity(PER, 0, 1, 0.6),
                new ScoredEntity(PER, 0, 3, 0.5),
                new ScoredEntity(PER, 2, 3, 0.9));
    }
}
