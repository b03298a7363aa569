package io.alerthub.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * Ingest stage step: checks the request's credentials against the customer named in the path. Credentials are read
 * from the HTTP request's own headers only: platform-http also copies query parameters into the exchange's headers,
 * and a token in a URL would end up in proxy and access logs.
 */
@Component
public class WebhookAuthentication {
    /** Exchange property holding the HTTP request (the first route step keeps it; later steps replace the message). */
    static final String HTTP_REQUEST = "alerthubHttpRequest";
    private final CustomerAuthenticator authenticator;
    private final HmacReplays replays;

    public WebhookAuthentication(CustomerAuthenticator authenticator, HmacReplays replays) {
        this.authenticator = authenticator;
        this.replays = replays;
    }

    /**
     * First step of an HTTP ingest route: keeps the HTTP request for {@link #requestHeaders}, since a later
     * {@code convertBodyTo} swaps platform-http's message (which knows the request) for a plain one.
     */
    public void keepRequest(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            exchange.setProperty(HTTP_REQUEST, http.getRequest());
        }
    }

    /**
     * Throws {@link UnauthorizedException} unless the request carries a credential of this customer. A signature it
     * claims against replays is given back when the request is not answered 2xx, so the sender may retry it.
     */
    public void check(Exchange exchange) {
        Message in = exchange.getIn();
        byte[] body = in.getBody(byte[].class);
        String replayKey = authenticator.authenticate(in.getHeader("customerId", String.class), requestHeaders(exchange),
                body == null ? new byte[0] : body);
        if (replayKey != null) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                    if (done.isFailed() || status == null || status / 100 != 2) {
                        replays.release(replayKey);
                    }
                }
            });
        }
    }

    /**
     * The HTTP request's headers by name (ignoring case), never the query parameters platform-http mixes into the
     * Camel headers; an exchange whose request was not kept has none.
     */
    public static Function<String, String> requestHeaders(Exchange exchange) {
        HttpServletRequest request = exchange.getProperty(HTTP_REQUEST, HttpServletRequest.class);
        return request == null ? name -> null : request::getHeader;
    }
}
