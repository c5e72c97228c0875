package kit.multiprocessing;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to another JVM, for
 * {@link Pool#submit(SerializableBiFunction, Object, Object)}: the two-argument case that Python's
 * {@code starmap} covers.
 *
 * @param <A> the first argument type (must be serializable)
 * @param <B> the second argument type (must be serializable)
 * @param <R> the result type (must be serializable)
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {
}
