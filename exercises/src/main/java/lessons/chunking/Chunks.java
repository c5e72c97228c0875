package lessons.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * How a range is cut: the indices {@code [0, n)} split into balanced chunks, one per worker, that every chunked
 * computation of this lesson works on.
 *
 * <p>The tutorial computed {@code chunk = n // (n_proc - 1)} and relied on the last worker to pick up the rest: it
 * divides by zero for one process, and for many n it leaves elements out (see {@link #tutorialChunks}).
 */
public final class Chunks {

    private Chunks() {
    }

    /**
     * Balanced chunks: {@code min(n, workers)} consecutive chunks that cover {@code [0, n)} exactly once, in order,
     * whose sizes differ by at most one. No chunk is ever empty: n &lt; workers gives n chunks of one element (the
     * other workers get nothing to do), n = 0 gives no chunk at all.
     *
     * @throws IllegalArgumentException if n &lt; 0 or workers &lt; 1
     */
    public static List<Chunk> chunks(int n, int workers) {
        throw new UnsupportedOperationException("TODO: min(n, workers) consecutive chunks covering [0, n), the first n % count of them one element longer; n < 0 or workers < 1: IllegalArgumentException");
    }

    /**
     * The tutorial's chunks, as its code computed them (given: the counter-example of the lesson): {@code chunk =
     * n / (nProc - 1)}, worker i takes {@code [i * chunk, (i + 1) * chunk)}, cut at n. Throws
     * {@link ArithmeticException} for nProc = 1, and leaves out every element past {@code nProc * chunk}.
     */
    public static List<Chunk> tutorialChunks(int n, int nProc) {
        int chunk = n / (nProc - 1);
        List<Chunk> result = new ArrayList<>(nProc);
        for (int i = 0; i < nProc; i++) {
            int from = (int) Math.min((long) i * chunk, n);
            int to = (int) Math.min((long) (i + 1) * chunk, n);
            result.add(new Chunk(from, to));
        }
        return result;
    }
}
