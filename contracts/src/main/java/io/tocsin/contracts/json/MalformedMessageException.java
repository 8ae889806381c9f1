package io.tocsin.contracts.json;

/**
 * A message body that cannot be read as the expected message type: not JSON, an unknown
 * {@code type}, or a field of the wrong shape. Permanent: redelivering it cannot help, so consumers
 * send it to their dead-letter topic without retrying.
 */
public class MalformedMessageException extends RuntimeException {

    /** @param message what is wrong, naming the field where known */
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
