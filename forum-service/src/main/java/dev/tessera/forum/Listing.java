package dev.tessera.forum;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list.
 *
 * @param items the items, at most the page size
 * @param next the cursor for the next page, {@code null} on the last page
 */
public record Listing<T>(List<T> items, String next) {

    /**
     * Builds a page from a query that fetched one row more than the page size, which tells
     * whether there is a next page without a count query.
     */
    public static <R, T> Listing<T> of(
            List<R> rows, int size, Function<R, T> view, Function<R, OpaqueCursor> position) {
        boolean more = rows.size() > size;
        List<R> page = more ? rows.subList(0, size) : rows;
        String next = more ? position.apply(page.get(page.size() - 1)).encode() : null;
        return new Listing<>(page.stream().map(view).toList(), next);
    }
}
