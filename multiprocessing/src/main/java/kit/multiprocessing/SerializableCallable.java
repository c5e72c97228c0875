package kit.multiprocessing;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to another JVM.
 *
 * <p>A lambda becomes serializable when its target type is serializable, so
 * {@code pool.submit(() -> 6 * 7)} just works. Everything the lambda captures travels with it and
 * must be {@link Serializable} too. A classic trap: a lambda that calls an instance method captures
 * {@code this}, so the whole enclosing object has to be serializable.
 *
 * @param <T> the result type, which must be serializable to travel back
 */
@FunctionalInterface
public interface SerializableCallable<T> extends Callable<T>, Serializable {
}
