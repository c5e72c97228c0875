/**
 * Lesson 08: chunked reduction. Split the indices {@code [0, n)} into balanced chunks, one per worker; let each
 * worker compute a partial result over its chunk; combine the partial results. Over threads and over processes
 * (the process versions use your {@code ProcessPool.map}/{@code starmap} from lesson 06).
 *
 * <p>One idea per class, in the order of the lesson:
 * <ul>
 *   <li>{@link lessons.chunking.Chunks}: how {@code [0, n)} is cut into balanced {@link lessons.chunking.Chunk}s,
 *       and the tutorial's chunks that leave elements out</li>
 *   <li>{@link lessons.chunking.MapChunks}: one function per chunk, on threads or in worker processes, the results
 *       in chunk order</li>
 *   <li>{@link lessons.chunking.ChunkedSum} and {@link lessons.chunking.ChunkedHistogram}: reductions, partial
 *       results per chunk added up</li>
 *   <li>{@link lessons.chunking.ChunkedAdd}: a vector add whose workers get only their chunk's slices</li>
 *   <li>{@link lessons.chunking.DoubleSum}: a chunked sum of doubles is not bit for bit the serial sum, but always
 *       the same bits</li>
 *   <li>{@link lessons.chunking.Series}: a compute-heavy reduction, where worker processes pay off</li>
 * </ul>
 * Lesson page: docs/lessons/08-chunking.md
 */
package lessons.chunking;
