package dev.spanrel.experiment;

/**
 * Cross-validation folds (ADE's 10 splits): one training per fold, the train and test files named by patterns
 * whose {@code {fold}} is replaced by the fold number.
 */
public record Folds(int count, String train, String test) {
    public static final String PLACEHOLDER = "{fold}";

    public String trainFile(int fold) {
        return train.replace(PLACEHOLDER, Integer.toString(fold));
    }

    public String testFile(int fold) {
        return test.replace(PLACEHOLDER, Integer.toString(fold));
    }
}
