package dev.spanrel.train;

import dev.spanrel.SpanrelException;
import java.util.List;

/**
 * The losses a {@link TrainConfig} names: {@code entityLoss} and {@code relationLoss}, with the parameters of the
 * robust ones. A robust loss ({@code gce}, {@code sce}) is taken on the gold-positive spans and pairs only; the
 * sampled negatives keep Poly-1 and BCE, so negative sampling works as before.
 */
final class LossChoice {
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
        TrainConfig.Losses losses = config.losses();
        Poly1Loss poly1 = new Poly1Loss(losses.polyEpsilon());
        return switch (losses.entityLoss()) {
            case "poly1" -> poly1;
            case "cross-entropy" -> new CrossEntropyLoss();
            case "gce" -> new PositiveSpansLoss(new GeneralizedCrossEntropyLoss(losses.gceQ()), poly1);
            case "sce" -> new PositiveSpansLoss(
                    new SymmetricCrossEntropyLoss(losses.sceAlpha(), losses.sceBeta(), losses.sceLogZero()), poly1);
            default -> throw unknown("entityLoss", losses.entityLoss(), ENTITY_LOSSES);
        };
    }

    /**
     * The entity loss of the {@code robustLossWarmup}: Poly-1 on every span, which a robust loss's negatives keep.
     *
     * @param config the training config
     * @return the strategy
     */
    public static EntityLoss warmupEntity(TrainConfig config) {
        return isRobust(config.losses().entityLoss()) ? new Poly1Loss(config.losses().polyEpsilon()) : entity(config);
    }

    /**
     * The relation loss of the {@code robustLossWarmup}: BCE on every pair, which a robust loss's negatives keep.
     *
     * @param config the training config
     * @return the strategy
     */
    public static RelationLoss warmupRelation(TrainConfig config) {
        return isRobust(config.losses().relationLoss()) ? new BinaryCrossEntropyLoss() : relation(config);
    }

    private static boolean isRobust(String loss) {
        return loss.equals("gce") || loss.equals("sce");
    }

    /**
     * The relation loss the config names.
     *
     * @param config the training config
     * @return the strategy
     */
    public static RelationLoss relation(TrainConfig config) {
        TrainConfig.Losses losses = config.losses();
        BinaryCrossEntropyLoss bce = new BinaryCrossEntropyLoss();
        return switch (losses.relationLoss()) {
            case "bce" -> bce;
            case "gce" -> new PositivePairsLoss(new RelationGeneralizedCrossEntropyLoss(losses.gceQ()), bce);
            case "sce" -> new PositivePairsLoss(
                    new RelationSymmetricCrossEntropyLoss(losses.sceAlpha(), losses.sceBeta(), losses.sceLogZero()), bce);
            default -> throw unknown("relationLoss", losses.relationLoss(), RELATION_LOSSES);
        };
    }

    /**
     * What is wrong with the config's choice of losses, as a message naming the keys, or null when nothing is.
     *
     * @param config the training config
     * @return the message, or null
     */
    static String problem(TrainConfig config) {
        TrainConfig.Losses losses = config.losses();
        int correctionEpoch = config.robustness().forwardCorrectionEpoch();
        int epochs = config.optimization().epochs();
        if (!ENTITY_LOSSES.contains(losses.entityLoss())) {
            return unknown("entityLoss", losses.entityLoss(), ENTITY_LOSSES).getMessage();
        }
        if (!RELATION_LOSSES.contains(losses.relationLoss())) {
            return unknown("relationLoss", losses.relationLoss(), RELATION_LOSSES).getMessage();
        }
        if (losses.robustLossWarmup() > 0 && !isRobust(losses.entityLoss()) && !isRobust(losses.relationLoss())) {
            return "robustLossWarmup delays a gce or sce loss; it does nothing with entityLoss=" + losses.entityLoss()
                    + " and relationLoss=" + losses.relationLoss();
        }
        if (correctionEpoch > 0) {
            if (correctionEpoch >= epochs) {
                return "forwardCorrectionEpoch must be below epochs (" + epochs + ") to correct any epoch, got "
                        + correctionEpoch;
            }
            if (!losses.entityLoss().equals("poly1") || !losses.relationLoss().equals("bce")) {
                return "forwardCorrectionEpoch corrects Poly-1 and BCE; it cannot be combined with entityLoss="
                        + losses.entityLoss() + " and relationLoss=" + losses.relationLoss();
            }
        }
        return null;
    }

    private static SpanrelException unknown(String key, String value, List<String> names) {
        return new SpanrelException(key + " must be one of " + String.join(", ", names) + ", got '" + value + "'");
    }
}
