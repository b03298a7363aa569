package io.alerthub.demo;

import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.mock.env.MockEnvironment;

/**
 * The properties customers/demo/customer.yaml and customers/acme/customer.yaml name by reference, as
 * application-demo.yaml sets them (and, for the SSH key, as DemoFleetConfiguration generates it), for tests that load
 * customers/ without the demo profile.
 */
public final class DemoEnvironment {
    private DemoEnvironment() {
    }

    /** Every demo reference, with the hub's SSH key taken from {@code hubKey}. */
    public static Map<String, String> properties(KeyPair hubKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("DEMO_TOKEN", "demo-token");
        properties.put("ACME_TOKEN", "acme-token");
        properties.put("DEMO_MAIL_PASSWORD", "demo");
        properties.put("DEMO_SSH_KEY", DemoFleetKeys.openSshPrivateKey(hubKey));
        properties.put("DEMO_SLACK_TOKEN", "xoxb-demo-token");
        properties.put("DEMO_PAGERDUTY_KEY", "demo-routing-key");
        properties.put("DEMO_PAGERDUTY_WEBHOOK_SECRET", "demo-webhook-secret");
        return properties;
    }

    /** A Spring environment holding {@link #properties}. */
    public static MockEnvironment mock(KeyPair hubKey) {
        MockEnvironment environment = new MockEnvironment();
        properties(hubKey).forEach(environment::setProperty);
        return environment;
    }
}
