package kit.multiprocessing;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to another JVM, for {@link Pool#submit(SerializableFunction, Object)}.
 * A method reference such as {@code Lessons::square} qualifies.
 *
 * @param <A> the argument type (must be serializable)
 * @param <R> the result type (must be serializable)
 */
@FunctionalInterface
public interface SerializableFunction<A, R> extends Function<A, R>, Serializable {
}
