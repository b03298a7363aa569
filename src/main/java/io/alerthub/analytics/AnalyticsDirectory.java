package io.alerthub.analytics;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the analytics needs to know besides the incidents: which customers the caller may see, each customer's
 * department, and which alert classes a customer's scenario bindings take. {@link RegistryDirectory} answers from the
 * customer registry, the running routes files and {@code CustomerScope}.
 */
public interface AnalyticsDirectory {

    /** The customers the current caller is limited to; empty when the caller sees every customer. */
    Optional<Set<String>> scope();

    /** The configured customers (for the metrics' bounded {@code customer} tag). */
    Collection<String> customers();

    /** The customer's department; {@code ""} when it has none or is not configured. */
    String department(String customerId);

    /** The configured customers of a department. */
    Set<String> customersIn(String department);

    /** The alert classes the customer's scenario bindings take. */
    List<String> boundClasses(String customerId);
}
