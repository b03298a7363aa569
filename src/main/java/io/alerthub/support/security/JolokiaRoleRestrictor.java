package io.alerthub.support.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Decides what each operator role may do through Jolokia (and so through Hawtio), reading the logged-in user
 * from Spring Security: viewers read, operators also start, stop, suspend and resume single routes (never the whole
 * CamelContext), admins do anything.
 */
public class JolokiaRoleRestrictor implements Restrictor {

    /** The domain whose operations operators may run, on the allow-lists below. */
    static final String CAMEL_DOMAIN = "org.apache.camel";

    /**
     * What operators may do to a single route ({@code org.apache.camel:type=routes,*}): take it out of service and
     * back, and reset its statistics. Stopping or suspending the whole CamelContext (and adding, updating or removing
     * routes, sending messages to any endpoint, evaluating expressions) stays with admins.
     */
    static final Set<String> OPERATOR_ROUTE_OPERATIONS = Set.of("start", "stop", "suspend", "resume", "restart",
            "reset");

    /**
     * Read-only Camel operations operators may run on any Camel MBean: Hawtio draws route diagrams from
     * {@code dumpRoutesAsXml} and lists messages with {@code browse…}.
     */
    static final List<String> OPERATOR_READ_ONLY_CAMEL_PREFIXES = List.of("dump", "browse");

    /**
     * Hawtio's own read-only helper operations, called by the console for every user to draw its tree; keyed by
     * the canonical (sorted) key list of the MBean in the {@code hawtio} domain.
     */
    static final Map<String, Set<String>> CONSOLE_HELPER_OPERATIONS = Map.of(
            "name=RBACRegistry,type=security", Set.of("list"),
            "area=jmx,type=security", Set.of("canInvoke"),
            "type=TreeWatcher", Set.of("getCounter"));

    /** JVM attributes that can carry secrets (system properties, command-line -D arguments): admins only. */
    static final Map<String, Set<String>> ADMIN_ONLY_ATTRIBUTES = Map.of(
            "java.lang:type=Runtime", Set.of("SystemProperties", "InputArguments"));

    private final RoleHierarchy hierarchy;

    public JolokiaRoleRestrictor(RoleHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    private Set<Role> roles() {
        return Role.held(SecurityContextHolder.getContext().getAuthentication(), hierarchy);
    }

    /** POST only: a GET {@code .../exec/...} URL could be fired by a link or an image and would bypass CSRF. */
    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        Set<Role> roles = roles();
        return switch (type) {
            case READ, LIST, SEARCH, VERSION -> roles.contains(Role.VIEWER);
            // Fine-grained per operation in isOperationAllowed; viewers need exec for the console helpers.
            case EXEC -> roles.contains(Role.VIEWER);
            case WRITE -> roles.contains(Role.ADMIN);
            // Notification listeners and agent configuration are not needed by the console.
            case NOTIFICATION, CONFIG -> false;
        };
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        Set<Role> roles = roles();
        if (roles.contains(Role.ADMIN)) {
            return true;
        }
        Set<String> adminOnly = ADMIN_ONLY_ATTRIBUTES.get(name.getCanonicalName());
        return roles.contains(Role.VIEWER) && (adminOnly == null || attribute == null || !adminOnly.contains(attribute));
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return roles().contains(Role.ADMIN);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        Set<Role> roles = roles();
        if (roles.contains(Role.ADMIN)) {
            return true;
        }
        String bare = bareOperationName(operation);
        if (roles.contains(Role.VIEWER) && isConsoleHelper(name, bare)) {
            return true;
        }
        return roles.contains(Role.OPERATOR) && isOperatorCamelOperation(name, bare);
    }

    private static boolean isConsoleHelper(ObjectName name, String operation) {
        if (!"hawtio".equals(name.getDomain())) {
            return false;
        }
        Set<String> allowed = CONSOLE_HELPER_OPERATIONS.get(name.getCanonicalKeyPropertyListString());
        return allowed != null && allowed.contains(operation);
    }

    private static boolean isOperatorCamelOperation(ObjectName name, String operation) {
        if (!CAMEL_DOMAIN.equals(name.getDomain())) {
            return false;
        }
        if ("routes".equals(name.getKeyProperty("type")) && OPERATOR_ROUTE_OPERATIONS.contains(operation)) {
            return true;
        }
        return OPERATOR_READ_ONLY_CAMEL_PREFIXES.stream().anyMatch(operation::startsWith);
    }

    /** Jolokia passes overloaded operations with their signature, {@code name(type,...)}. */
    private static String bareOperationName(String operation) {
        if (operation == null) {
            return "";
        }
        int paren = operation.indexOf('(');
        return paren < 0 ? operation : operation.substring(0, paren);
    }

    /** Network access is decided by Spring Security in front of the servlet. */
    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    /**
     * For the per-request check ({@code strictCheck}) every origin passes: cross-site writes are stopped by
     * Spring's CSRF protection before Jolokia. For CORS response headers no origin passes, so no other site's
     * script can read answers.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return strictCheck;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }
}
