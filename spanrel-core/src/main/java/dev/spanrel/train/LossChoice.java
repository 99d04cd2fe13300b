package dev.spanrel.train;

import dev.spanrel.SpanrelException;
import java.util.List;

/**
 * The losses a {@link TrainConfig} names: {@code entityLoss} and {@code relationLoss}, with the parameters of the
 * robust ones. A robust loss ({@code gce}, {@code sce}) is taken on the gold-positive spans and pairs only; the
 * sampled negatives keep Poly-1 and BCE, so negative sampling works as before.
 */
public final class LossChoice {
    /** The names {@code entityLoss} takes. */
    public static final List<String> ENTITY_LOSSES = List.of("poly1", "cross-entropy", "gce", "sce");
    /** The names {@code relationLoss} takes. */
    public static final List<String> RELATION_LOSSES = List.of("bce", "gce", "sce");

    private LossChoice() {}

    /**
     * The entity loss the config names.
     *
     * @param config the training config
     * @return the strategy
     */
    public static EntityLoss entity(TrainConfig config) {
        Poly1Loss poly1 = new Poly1Loss(config.polyEpsilon());
        return switch (config.entityLoss()) {
            case "poly1" -> poly1;
            case "cross-entropy" -> new CrossEntropyLoss();
            case "gce" -> new PositiveSpansLoss(new GeneralizedCrossEntropyLoss(config.gceQ()), poly1);
            case "sce" -> new PositiveSpansLoss(
                    new SymmetricCrossEntropyLoss(config.sceAlpha(), config.sceBeta(), config.sceLogZero()), poly1);
            default -> throw unknown("entityLoss", config.entityLoss(), ENTITY_LOSSES);
        };
    }

    /**
     * The relation loss the config names.
     *
     * @param config the training config
     * @return the strategy
     */
    public static RelationLoss relation(TrainConfig config) {
        BinaryCrossEntropyLoss bce = new BinaryCrossEntropyLoss();
        return switch (config.relationLoss()) {
            case "bce" -> bce;
            case "gce" -> new PositivePairsLoss(new RelationGeneralizedCrossEntropyLoss(config.gceQ()), bce);
            case "sce" -> new PositivePairsLoss(
                    new RelationSymmetricCrossEntropyLoss(config.sceAlpha(), config.sceBeta(), config.sceLogZero()), bce);
            default -> throw unknown("relationLoss", config.relationLoss(), RELATION_LOSSES);
        };
    }

    /**
     * What is wrong with the config's choice of losses, as a message naming the keys, or null when nothing is.
     *
     * @param config the training config
     * @return the message, or null
     */
    static String problem(TrainConfig config) {
        if (!ENTITY_LOSSES.contains(config.entityLoss())) {
            return unknown("entityLoss", config.entityLoss(), ENTITY_LOSSES).getMessage();
        }
        if (!RELATION_LOSSES.contains(config.relationLoss())) {
            return unknown("relationLoss", config.relationLoss(), RELATION_LOSSES).getMessage();
        }
        if (config.forwardCorrectionEpoch() > 0) {
            if (config.forwardCorrectionEpoch() >= config.epochs()) {
                return "forwardCorrectionEpoch must be below epochs (" + config.epochs() + ") to correct any epoch, got "
                        + config.forwardCorrectionEpoch();
            }
            if (!config.entityLoss().equals("poly1") || !config.relationLoss().equals("bce")) {
                return "forwardCorrectionEpoch corrects Poly-1 and BCE; it cannot be combined with entityLoss="
                        + config.entityLoss() + " and relationLoss=" + config.relationLoss();
            }
        }
        return null;
    }

    private static SpanrelException unknown(String key, String value, List<String> names) {
        return new SpanrelException(key + " must be one of " + String.join(", ", names) + ", got '" + value + "'");
    }
}
