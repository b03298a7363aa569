package io.alerthub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Portable JDBC bits shared by the stores: timestamps as UTC {@code OffsetDateTime}, optional WHERE clauses. */
final class Sql {
    private Sql() {
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** {@code value} cut to at most {@code max} characters (column limits), null stays null. */
    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * Collects conditions whose value is present, for list queries with optional filters; the value is bound once
     * for each {@code ?} in the clause.
     */
    static final class Where {
        private final List<String> clauses = new ArrayList<>();
        private final List<Object> args = new ArrayList<>();

        Where and(String clause, Object value) {
            if (value != null) {
                clauses.add(clause);
                clause.chars().filter(c -> c == '?').forEach(c -> args.add(value));
            }
            return this;
        }

        /**
         * {@code column IN (…)} when {@code values} is not null; an empty collection matches nothing (a caller who
         * may see no customer sees no row), null adds no condition.
         */
        Where in(String column, Collection<String> values) {
            if (values == null) {
                return this;
            }
            if (values.isEmpty()) {
                clauses.add("1 = 0");
                return this;
            }
            clauses.add(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
            args.addAll(values);
            return this;
        }

        String sql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }

        Object[] args(Object... more) {
            List<Object> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }
}
