package lessons.processpool;

import java.io.Serializable;

/** The two arguments of one {@link ProcessPool#starmap} call, Python's tuple {@code (i, number)}. */
public record Args<A, B>(A first, B second) implements Serializable {

    public static <A, B> Args<A, B> of(A first, B second) {
        return new Args<>(first, second);
    }
}
