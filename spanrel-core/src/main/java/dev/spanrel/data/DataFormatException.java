package dev.spanrel.data;

import dev.spanrel.SpanrelException;

/**
 * A data file that does not follow the SpERT JSON format. The message names the file, the document (index from
 * 0, and its {@code orig_id} when it has one) and the field, so a user can go straight to the fault.
 */
public final class DataFormatException extends SpanrelException {
    /**
     * A data file that does not hold what its format requires.
     *
     * @param message what is wrong, naming the file, the document and the field
     */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * A data file that does not hold what its format requires, found through another exception.
     *
     * @param message what is wrong, naming the file, the document and the field
     * @param cause the exception that revealed it (a JSON parse error, for example)
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
