package io.alerthub.model;

/** What the alert is about: host name, network address, service and component; any may be null. */
public record Resource(String host, String address, String service, String component) {
    public static final Resource NONE = new Resource(null, null, null, null);
}
