package lessons.races;

/** A counter that many threads increment at once. */
public interface Counter {

    /** Adds one. Called by many threads at the same time. */
    void increment();

    /** The count so far; exact once the incrementing threads have been joined. */
    long get();
}
