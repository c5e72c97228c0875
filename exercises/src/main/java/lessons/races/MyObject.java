package lessons.races;

/**
 * The tutorial's object: one thread calls {@link #write()}, another calls {@link #read()}.
 *
 * <p>Given, not an exercise. Nothing orders the two calls, so the reader may run first (or run
 * later and still not see the write): then the tutorial printed {@code "reading..."}.
 */
public class MyObject {

    /** The value {@link #write()} stores. */
    public static final int WRITTEN = 5;

    // A plain field: no lock, no volatile, so no thread is promised to see another's write.
    private int property;

    public void write() {
        property = WRITTEN;
    }

    /** Returns the value this thread saw: {@link #WRITTEN}, or 0 when it ran before (or missed) the write. */
    public int read() {
        return property;
    }

    /** The tutorial's read(): prints "reading..." when the write was not seen. */
    public void readAndReport() {
        if (read() != WRITTEN) {
            System.out.println("reading...");
        }
    }
}
