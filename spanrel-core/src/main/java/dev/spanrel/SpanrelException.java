package dev.spanrel;

/**
 * The one unchecked exception spanrel raises for bad input or a failed operation. Its message is meant for a
 * person: it names the file, the document and the field where that applies.
 */
public class SpanrelException extends RuntimeException {
    /**
     * An error with a message for a person.
     *
     * @param message what went wrong, naming file, document and field where that applies
     */
    public SpanrelException(String message) {
        super(message);
    }

    /**
     * An error with a message for a person, caused by another exception.
     *
     * @param message what went wrong, naming file, document and field where that applies
     * @param cause the exception that caused it
     */
    public SpanrelException(String message, Throwable cause) {
        super(message, cause);
    }
}
