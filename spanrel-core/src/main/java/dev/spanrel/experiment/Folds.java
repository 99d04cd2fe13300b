package dev.spanrel.experiment;

/**
 * Cross-validation folds (ADE's 10 splits): one training per fold, the train and test files named by patterns
 * whose {@code {fold}} is replaced by the fold number.
 */
record Folds(int count, String train, String test) {
    /** What the fold number replaces in the file patterns. */
    public static final String PLACEHOLDER = "{fold}";

    /**
     * The training file of a fold.
     *
     * @param fold the fold number
     * @return the train pattern with the fold number in it
     */
    public String trainFile(int fold) {
        return train.replace(PLACEHOLDER, Integer.toString(fold));
    }

    /**
     * The test file of a fold.
     *
     * @param fold the fold number
     * @return the test pattern with the fold number in it
     */
    public String testFile(int fold) {
        return test.replace(PLACEHOLDER, Integer.toString(fold));
    }
}
