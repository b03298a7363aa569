package io.alerthub.model;

/** One problem with one field of an input, as listed in a problem-details {@code errors[]} entry. */
public record FieldProblem(String field, String message) {
}
