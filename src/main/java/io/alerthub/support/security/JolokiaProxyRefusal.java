package io.alerthub.support.security;

import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.service.request.AbstractRequestHandler;

/**
 * Refuses Jolokia requests that name a {@code target} (JSR-160 proxy mode): the hub never connects to another JMX
 * agent on a caller's behalf. The proxy module itself is excluded from the build (pom.xml); without this handler the
 * local agent would silently answer such a request with the hub's own values instead of an error. Registered in
 * {@code META-INF/jolokia/services} ahead of Jolokia's local handler.
 */
public class JolokiaProxyRefusal extends AbstractRequestHandler {
    static final String MESSAGE = "proxy requests (\"target\") are disabled on this hub";

    public JolokiaProxyRefusal(int order) {
        super("proxy", order);
    }

    @Override
    public boolean canHandle(JolokiaRequest request) {
        return request.getOption("target") != null || request.getOption("targetId") != null;
    }

    @Override
    public <R extends JolokiaRequest> Object handleRequest(R request, Object previousResult) {
        // Jolokia answers a SecurityException with status 403 and this message (no stack trace: allowErrorDetails off)
        throw new SecurityException(MESSAGE);
    }
}
