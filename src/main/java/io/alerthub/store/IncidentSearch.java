package io.alerthub.store;

import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Incidents found by the filters an operator combines in the console (customers, state, alert class, host, assignee,
 * a time window), newest first and paged by id. It selects ids only and reads each incident through
 * {@link IncidentStore#find}, so the console shows every field the incident store knows, whatever columns it grows.
 */
@Repository
public class IncidentSearch {
    private final JdbcTemplate jdbc;
    private final IncidentStore incidents;
    /** Whether {@code incidents} has an {@code assignee} column (added by the incident actions); read once. */
    private volatile Boolean assigneeColumn;

    public IncidentSearch(JdbcTemplate jdbc, IncidentStore incidents) {
        this.jdbc = jdbc;
        this.incidents = incidents;
    }

    /**
     * What to look for; a null field does not filter.
     *
     * @param customers  the customers whose incidents may be listed (null: every customer; empty: none)
     * @param state      the incident's state
     * @param alertClass the incident's alert class
     * @param host       the incident's host, ignoring case
     * @param assignee   the person who took or acknowledged it
     * @param since      last seen at or after this moment
     * @param cursor     the last id of the previous page
     */
    public record Filter(Collection<String> customers, IncidentState state, String alertClass, String host,
                         String assignee, Instant since, String cursor) {
        public Filter {
            customers = customers == null ? null : Set.copyOf(customers);
        }
    }

    /** One page of incidents matching {@code filter}, newest first. */
    public Page<Incident> search(Filter filter, int limit) {
        if (filter.customers() != null && filter.customers().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        List<String> clauses = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (filter.customers() != null) {
            clauses.add("customer_id IN (" + String.join(", ", filter.customers().stream().map(c -> "?").toList()) + ")");
            args.addAll(filter.customers().stream().sorted().toList());
        }
        add(clauses, args, "state = ?", filter.state() == null ? null : filter.state().name());
        add(clauses, args, "alert_class = ?", filter.alertClass());
        add(clauses, args, "LOWER(host) = ?", filter.host() == null ? null : filter.host().toLowerCase(Locale.ROOT));
        add(clauses, args, hasAssigneeColumn() ? "COALESCE(assignee, acknowledged_by) = ?" : "acknowledged_by = ?",
                filter.assignee());
        add(clauses, args, "last_seen >= ?", Sql.ts(filter.since()));
        add(clauses, args, "id < ?", filter.cursor());
        args.add(limit + 1);
        String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        List<String> ids = jdbc.queryForList("SELECT id FROM incidents" + where + " ORDER BY id DESC LIMIT ?",
                String.class, args.toArray());
        // an incident removed between the two reads (retention) is left out rather than failing the page
        List<Incident> rows = ids.stream().map(incidents::find).flatMap(Optional::stream).toList();
        return Page.of(rows, limit, Incident::id);
    }

    /** The alert classes and hosts seen on incidents of these customers (null: all), for the filter choices. */
    public List<String> distinct(String column, Collection<String> customers, int limit) {
        if (!column.equals("alert_class") && !column.equals("host")) {
            throw new IllegalArgumentException("column: \"" + column + "\" is not offered as a filter");
        }
        if (customers != null && customers.isEmpty()) {
            return List.of();
        }
        String where = customers == null ? "" : " AND customer_id IN ("
                + String.join(", ", customers.stream().map(c -> "?").toList()) + ")";
        List<Object> args = new ArrayList<>(customers == null ? List.of() : customers.stream().sorted().toList());
        args.add(limit);
        return jdbc.queryForList("SELECT DISTINCT " + column + " FROM incidents WHERE " + column + " IS NOT NULL"
                + where + " ORDER BY " + column + " LIMIT ?", String.class, args.toArray());
    }

    private static void add(List<String> clauses, List<Object> args, String clause, Object value) {
        if (value != null) {
            clauses.add(clause);
            args.add(value);
        }
    }

    private boolean hasAssigneeColumn() {
        Boolean known = assigneeColumn;
        if (known == null) {
            // H2 reports names in upper case, PostgreSQL in lower case
            Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.columns"
                    + " WHERE LOWER(table_name) = 'incidents' AND LOWER(column_name) = 'assignee'", Integer.class);
            known = n != null && n > 0;
            assigneeColumn = known;
        }
        return known;
    }
}
