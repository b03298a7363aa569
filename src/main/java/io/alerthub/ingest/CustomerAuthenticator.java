package io.alerthub.ingest;

import java.util.function.Function;
import org.springframework.stereotype.Component;

/** STUB replaced by helper registry. */
@Component
public class CustomerAuthenticator {
    public void authenticate(String customerId, Function<String, String> header, byte[] body) {
        if (!"demo".equals(customerId) || !"Bearer demo-token".equals(header.apply("Authorization"))) {
            throw new UnauthorizedException("bad");
        }
    }
}
