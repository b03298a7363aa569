package io.alerthub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * A Camel context that is never started, holding only the hub's scenario templates (the ones a customer's
 * routes.camel.yaml may bind): enough for the hub's own routes-file checks, with no route, endpoint or bean created.
 */
final class ScenarioTemplates {
    static final String LOCATION = "routes/scenario/templates/";

    private ScenarioTemplates() {
    }

    static CamelContext load() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("alert-hub-cli");
        List<Resource> resources = new ArrayList<>();
        org.springframework.core.io.Resource[] found = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + LOCATION + "*.camel.yaml");
        List<org.springframework.core.io.Resource> sorted = new ArrayList<>(List.of(found));
        sorted.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
        for (org.springframework.core.io.Resource template : sorted) {
            // named as the hub names them, so only these count as scenario templates (CustomerRoutesFile)
            resources.add(ResourceHelper.fromString("classpath:" + LOCATION + template.getFilename(), read(template)));
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        return camel;
    }

    /** Closes a context {@link #load} made; it was never started, so nothing can fail that matters. */
    static void close(CamelContext camel) {
        try {
            camel.close();
        } catch (Exception e) {
            // nothing was started: nothing to clean up
        }
    }

    private static String read(org.springframework.core.io.Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
