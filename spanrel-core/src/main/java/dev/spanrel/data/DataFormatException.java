package dev.spanrel.data;

import dev.spanrel.SpanrelException;

/**
 * A data file that does not follow the SpERT JSON format. The message names the file, the document (index from
 * 0, and its {@code orig_id} when it has one) and the field, so a user can go straight to the fault.
 */
public final class DataFormatException extends SpanrelException {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
