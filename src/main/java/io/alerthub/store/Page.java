package io.alerthub.store;

import java.util.List;

/** One page of a list, newest first, with the cursor (the last id) to ask for the next page, or null at the end. */
public record Page<T>(List<T> items, String nextCursor) {

    /** Cuts a result fetched with {@code limit + 1} rows into a page and its cursor. */
    static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, String> idOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), idOf.apply(items.get(limit - 1)));
    }
}
