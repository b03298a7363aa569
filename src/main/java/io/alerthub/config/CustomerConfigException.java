package io.alerthub.config;

import java.util.List;

/** Start-up failure of the customer registry: carries every problem found in every customer file, one per line. */
public class CustomerConfigException extends RuntimeException {
    private final List<String> errors;

    public CustomerConfigException(List<String> errors) {
        super("invalid customer configuration (" + errors.size() + (errors.size() == 1 ? " error" : " errors")
                + "):\n  " + String.join("\n  ", errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** Each problem as {@code file[:line]: path: message}, in file order. */
    public List<String> errors() {
        return errors;
    }
}
