package io.alerthub.model;

/**
 * Where an alert came from: {@code kind} is the ingest channel ({@code webhook}, {@code mail}, {@code sns},
 * {@code sqs}, {@code internal}), {@code format} the payload format ({@code alertmanager}, {@code zabbix}, …),
 * {@code instance} the sending system when the payload names it, {@code eventId} the source's own event id.
 */
public record AlertSource(String kind, String format, String instance, String eventId) {
}
