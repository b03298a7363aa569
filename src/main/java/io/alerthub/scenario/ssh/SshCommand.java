package io.alerthub.scenario.ssh;

import java.util.Objects;

/**
 * A command line ready to run over SSH; only {@link CommandTemplate#render} makes one, so every command the
 * {@link SshExecutor} runs is a declared template with validated, quoted values.
 */
public final class SshCommand {
    private final String template;
    private final String text;

    SshCommand(String template, String text) {
        this.template = template;
        this.text = text;
    }

    /** The name of the template it was rendered from. */
    public String template() {
        return template;
    }

    /** The command line exactly as it is sent to the host. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SshCommand c && template.equals(c.template) && text.equals(c.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(template, text);
    }

    @Override
    public String toString() {
        return text;
    }
}
