package io.alerthub.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * The demo profile's simulated customer hosts ({@link DemoFleet}) and the hub's key to log in to them: a fresh Ed25519
 * key pair per start, its private key published as the property {@value #KEY_PROPERTY} (which
 * customers/demo/customer.yaml names as {@code privateKey: { env: DEMO_SSH_KEY }}) unless the environment already
 * sets one. The fleet lets in exactly the key that property holds. Never on a reachable host: the simulated hosts'
 * host keys are public.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoFleetConfiguration {
    /** The property holding the hub's private key for the demo hosts. */
    public static final String KEY_PROPERTY = "DEMO_SSH_KEY";
    private static final Logger LOG = LoggerFactory.getLogger(DemoFleetConfiguration.class);
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * Publishes the key as a bean factory post-processor: those run before any ordinary bean is created, and the
     * customer registry reads customer.yaml (and resolves {@value #KEY_PROPERTY}) in its constructor.
     */
    @Bean
    static BeanFactoryPostProcessor demoSshKeyPublisher() {
        return new KeyPublisher();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "alerthub.demo-fleet.enabled", havingValue = "true", matchIfMissing = true)
    DemoFleet demoFleet(DemoFleetProperties properties, Environment environment, Clock clock) throws IOException {
        PublicKey hubKey = publicKeyOf(environment.getProperty(KEY_PROPERTY));
        DemoFleet fleet = DemoFleet.start(LOOPBACK, properties.webPort(), properties.appPort(), hubKey,
                properties.resetAfter(), clock);
        hang(fleet, environment.getProperty("alerthub.demo-fleet.hang-commands", ""));
        LOG.info("demo fleet: {} ({}:{}) has / at {}% full, {} ({}:{}) has unit \"{}\" down, {} ({}:{}) is not "
                        + "started and refuses connections; reset-after: {}",
                DemoFleet.WEB, LOOPBACK, fleet.host(DemoFleet.WEB).port(),
                fleet.host(DemoFleet.WEB).state().diskUsagePercent(),
                DemoFleet.APP, LOOPBACK, fleet.host(DemoFleet.APP).port(), DemoFleet.APP_UNIT,
                DemoFleet.DB, LOOPBACK, properties.dbPort(), properties.resetAfter().isZero() ? "never"
                        : SimulatedHost.describe(properties.resetAfter()));
        return fleet;
    }

    /**
     * Commands matching {@code pattern} (a regular expression, found anywhere in the line; empty: none) never return
     * on any host: the reliability harness (bench/reliability) uses it for "an SSH host that hangs".
     */
    static void hang(DemoFleet fleet, String pattern) {
        if (pattern.isBlank()) {
            return;
        }
        Predicate<String> lines = Pattern.compile(pattern).asPredicate();
        fleet.hosts().forEach(host -> host.hold(lines));
        LOG.warn("demo fleet: commands matching \"{}\" hang on every host (alerthub.demo-fleet.hang-commands)", pattern);
    }

    /** The public half of the private key in {@code pem} (OpenSSH or PEM text). */
    static PublicKey publicKeyOf(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalStateException(KEY_PROPERTY + " is not set: the demo fleet needs the hub's key");
        }
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(KEY_PROPERTY),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)), FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IllegalStateException(KEY_PROPERTY + " is not an OpenSSH or PEM private key");
            }
            return it.next().getPublic();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(KEY_PROPERTY + " is not an unencrypted OpenSSH or PEM private key", e);
        }
    }

    /** Adds a generated {@value #KEY_PROPERTY} to the environment when nothing sets it. */
    static final class KeyPublisher implements BeanFactoryPostProcessor, EnvironmentAware {
        private ConfigurableEnvironment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = (ConfigurableEnvironment) environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            if (environment.containsProperty(KEY_PROPERTY)) {
                LOG.info("demo fleet: the hub logs in with the key {} sets", KEY_PROPERTY);
                return;
            }
            String pem = DemoFleetKeys.openSshPrivateKey(DemoFleetKeys.newClientKey());
            // last: anything set explicitly (environment variable, command line) has already won above
            environment.getPropertySources().addLast(new MapPropertySource("demoFleetHubKey", Map.of(KEY_PROPERTY, pem)));
            LOG.info("demo fleet: generated a fresh Ed25519 key for the hub as property {}", KEY_PROPERTY);
        }
    }
}
