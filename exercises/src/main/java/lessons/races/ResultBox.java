package lessons.races;

/**
 * One thread publishes a result once; other threads poll for it without blocking.
 * A poll returns {@link #NOT_READY} until it sees the result, and after that only the result:
 * seeing "ready" but an old, unwritten value is the publication race.
 */
public interface ResultBox {

    /** What {@link #poll()} returns while nothing has been published. Results are never negative. */
    int NOT_READY = -1;

    /** Stores {@code result} (not negative) and marks it ready. Called once, by one thread. */
    void publish(int result);

    /** {@link #NOT_READY}, or the published result. Never anything else. */
    int poll();
}
