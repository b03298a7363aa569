package io.alerthub.model;

/** A link the source sent with the alert (dashboard, runbook, source console). */
public record Link(String href, String text) {
}
