package io.alerthub.console;

/**
 * Something a console page was asked to show does not exist, or belongs to a customer outside the operator's scope
 * (the two look the same: a 404 page, so ids are not confirmed).
 */
public class ConsoleNotFoundException extends RuntimeException {
    private final String what;
    private final String id;

    public ConsoleNotFoundException(String what, String id) {
        super(what + " \"" + id + "\" not found");
        this.what = what;
        this.id = id;
    }

    /** The kind of thing, a message key suffix ({@code incident}). */
    public String what() {
        return what;
    }

    public String id() {
        return id;
    }
}
