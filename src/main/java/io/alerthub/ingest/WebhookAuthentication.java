package io.alerthub.ingest;

import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/** Ingest stage step: checks the request's credentials against the customer named in the path. */
@Component
public class WebhookAuthentication {
    private final CustomerAuthenticator authenticator;

    public WebhookAuthentication(CustomerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Throws {@link UnauthorizedException} unless the request carries a credential of this customer. */
    public void check(@Header("customerId") String customerId, @Headers Map<String, Object> headers, @Body byte[] body) {
        authenticator.authenticate(customerId, name -> {
            Object value = headers.get(name);
            return value == null ? null : value.toString();
        }, body == null ? new byte[0] : body);
    }
}
