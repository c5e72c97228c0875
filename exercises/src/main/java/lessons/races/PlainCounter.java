package lessons.races;

/**
 * The racy counter, given as a demonstration: it loses updates.
 *
 * <p>{@code count++} is three steps: read count, add one, write count. Two threads can both
 * read 7 and both write 8: two increments, one counted. That is a lost update.
 */
public class PlainCounter implements Counter {

    private long count;

    @Override
    public void increment() {
        count++;          // read-modify-write, not atomic: updates get lost
    }

    @Override
    public long get() {
        return count;
    }
}
