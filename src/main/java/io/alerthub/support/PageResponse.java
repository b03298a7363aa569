package io.alerthub.support;

import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The operator API's list shape: {@code {"items": [...], "next": "<url of the next page>"}}, {@code next} null on
 * the last page.
 */
public record PageResponse<T>(List<T> items, String next) {

    /** Builds the response, pointing {@code next} at the current request with {@code cursor} replaced. */
    public static <T> PageResponse<T> of(List<T> items, String nextCursor) {
        String next = nextCursor == null ? null : ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("cursor", nextCursor).build().toUriString();
        return new PageResponse<>(items, next);
    }

    /** A page size from the request, bounded to 1..500 (default 50). */
    public static int limit(Integer requested) {
        return requested == null ? 50 : Math.max(1, Math.min(500, requested));
    }
}
