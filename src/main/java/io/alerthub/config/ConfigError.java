package io.alerthub.config;

/**
 * One problem found in a customer file: where (file, line when known, path inside the document) and what, printed as
 * {@code customers/acme/customer.yaml:7: ingest.auth[0].type: unknown type "token" (valid: "bearer", "hmac")}.
 */
record ConfigError(String file, int line, String path, String message) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
