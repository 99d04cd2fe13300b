package dev.spanrel;

/**
 * The one unchecked exception spanrel raises for bad input or a failed operation. Its message is meant for a
 * person: it names the file, the document and the field where that applies.
 */
public class SpanrelException extends RuntimeException {
    public SpanrelException(String message) {
        super(message);
    }

    public SpanrelException(String message, Throwable cause) {
        super(message, cause);
    }
}
