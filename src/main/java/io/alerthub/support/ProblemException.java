package io.alerthub.support;

import io.alerthub.model.FieldProblem;
import java.util.List;

/**
 * An input the hub refuses, carrying what an RFC 9457 problem-details answer needs: HTTP status, a short
 * {@code reason} (also the rejected-store and metric key), a title, the detail and the fields at fault.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String reason;
    private final String title;
    private final transient List<FieldProblem> problems;

    public ProblemException(int status, String reason, String title, String detail, List<FieldProblem> problems) {
        super(detail);
        this.status = status;
        this.reason = reason;
        this.title = title;
        this.problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public ProblemException(int status, String reason, String title, String detail) {
        this(status, reason, title, detail, List.of());
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /**
     * What the caller is told: this problem itself, unless a subclass hides which check refused it (the detail then
     * stays with the record kept for operators).
     */
    public ProblemException answer() {
        return this;
    }
}
