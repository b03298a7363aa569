package io.alerthub.console;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Which incident actions the operator API serves ({@code POST /api/v1/incidents/{id}/<action>}), read from Spring
 * MVC's own mappings, so the incident page offers a button only where a request would reach an endpoint.
 */
@Component
public class IncidentActionPaths {
    private static final Pattern ACTION = Pattern.compile("/api/v1/incidents/\\{[^}]+}/([a-z]+)");
    private final RequestMappingHandlerMapping mappings;
    private volatile Set<String> served;

    public IncidentActionPaths(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    /** Whether {@code POST /api/v1/incidents/{id}/<action>} exists. */
    public boolean serves(String action) {
        Set<String> known = served;
        if (known == null) {
            // read once, after start-up: the mappings are complete by the time a page is rendered
            known = mappings.getHandlerMethods().keySet().stream()
                    .filter(info -> info.getMethodsCondition().getMethods().contains(RequestMethod.POST))
                    .flatMap(info -> info.getPatternValues().stream())
                    .map(ACTION::matcher).filter(Matcher::matches).map(m -> m.group(1))
                    .collect(Collectors.toUnmodifiableSet());
            served = known;
        }
        return known.contains(action);
    }
}
