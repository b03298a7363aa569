package io.alerthub.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alert in the hub's common format (docs/alert-format.md, schema/alert.schema.json). Normalizers build
 * drafts with {@link #builder()}; the hub fills {@code id}, {@code customerId}, {@code receivedAt} and
 * {@code rawRef} when it stores them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String id,
        String customerId,
        AlertSource source,
        String fingerprint,
        AlertStatus status,
        String name,
        String alertClass,
        Severity severity,
        String rawSeverity,
        Resource resource,
        String summary,
        String description,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        Instant receivedAt,
        List<Link> links,
        String rawRef) {

    public Alert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        links = links == null ? List.of() : List.copyOf(links);
        resource = resource == null ? Resource.NONE : resource;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.customerId = customerId;
        b.source = source;
        b.fingerprint = fingerprint;
        b.status = status;
        b.name = name;
        b.alertClass = alertClass;
        b.severity = severity;
        b.rawSeverity = rawSeverity;
        b.host = resource.host();
        b.address = resource.address();
        b.service = resource.service();
        b.component = resource.component();
        b.summary = summary;
        b.description = description;
        b.labels.putAll(labels);
        b.annotations.putAll(annotations);
        b.startsAt = startsAt;
        b.endsAt = endsAt;
        b.receivedAt = receivedAt;
        b.links.addAll(links);
        b.rawRef = rawRef;
        return b;
    }

    /** Mutable builder for normalizers; every setter ignores nothing and returns the builder. */
    public static final class Builder {
        private String id;
        private String customerId;
        private AlertSource source;
        private String fingerprint;
        private AlertStatus status;
        private String name;
        private String alertClass;
        private Severity severity;
        private String rawSeverity;
        private String host;
        private String address;
        private String service;
        private String component;
        private String summary;
        private String description;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private Instant startsAt;
        private Instant endsAt;
        private Instant receivedAt;
        private final List<Link> links = new ArrayList<>();
        private String rawRef;

        public Builder id(String v) { id = v; return this; }
        public Builder customerId(String v) { customerId = v; return this; }
        public Builder source(AlertSource v) { source = v; return this; }
        public Builder fingerprint(String v) { fingerprint = v; return this; }
        public Builder status(AlertStatus v) { status = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder alertClass(String v) { alertClass = v; return this; }
        public Builder severity(Severity v) { severity = v; return this; }
        public Builder rawSeverity(String v) { rawSeverity = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder address(String v) { address = v; return this; }
        public Builder service(String v) { service = v; return this; }
        public Builder component(String v) { component = v; return this; }
        public Builder summary(String v) { summary = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder label(String k, String v) { if (k != null && v != null) labels.put(k, v); return this; }
        public Builder labels(Map<String, String> v) { if (v != null) v.forEach(this::label); return this; }
        public Builder annotation(String k, String v) { if (k != null && v != null) annotations.put(k, v); return this; }
        public Builder annotations(Map<String, String> v) { if (v != null) v.forEach(this::annotation); return this; }
        public Builder startsAt(Instant v) { startsAt = v; return this; }
        public Builder endsAt(Instant v) { endsAt = v; return this; }
        public Builder receivedAt(Instant v) { receivedAt = v; return this; }
        public Builder link(String href, String text) { if (href != null && !href.isBlank()) links.add(new Link(href, text)); return this; }
        public Builder rawRef(String v) { rawRef = v; return this; }

        public String host() { return host; }
        public String name() { return name; }
        public AlertStatus status() { return status; }
        public Map<String, String> labels() { return labels; }

        public Alert build() {
            Resource resource = new Resource(host, address, service, component);
            return new Alert(id, customerId, source, fingerprint, status, name, alertClass, severity, rawSeverity,
                    resource, summary, description, labels, annotations, startsAt, endsAt, receivedAt, links, rawRef);
        }
    }
}
