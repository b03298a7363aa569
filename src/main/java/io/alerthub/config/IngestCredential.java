package io.alerthub.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One way a customer's monitoring may prove who it is on ingest ({@code ingest.auth[]} in customer.yaml). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BearerCredential.class, name = BearerCredential.TYPE),
        @JsonSubTypes.Type(value = HmacCredential.class, name = HmacCredential.TYPE)})
public sealed interface IngestCredential permits BearerCredential, HmacCredential {

    /** The {@code type} key's value: {@code bearer} or {@code hmac}. */
    String type();

    /** The credential's secret. */
    Secret secret();

    /** The YAML key holding the secret reference ({@code token} or {@code secret}), for error paths. */
    String secretKey();

    /** This credential with its secret replaced (by its resolved form). */
    IngestCredential withSecret(Secret resolved);
}
