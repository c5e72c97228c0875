package lessons.sharedmemory;

import kit.grader.api.Hint;
import kit.grader.api.Lesson;
import kit.grader.api.Points;
import kit.grader.api.PoolExtension;
import kit.multiprocessing.SharedMemory;
import lessons.sharedmemory.SharedVectorAdd.IntOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Lesson(id = "07", title = "Shared memory")
class SharedMemoryTest {

    /** One pool of two worker JVMs for all the tests, started before the probe below and closed after it. */
    @RegisterExtension
    static final PoolExtension processes = PoolExtension.withWorkers(2);
    private final Random random = new Random();

    /** The test's own block (see below), attached once in each worker. */
    static SharedMemory probe;

    // The pool's own start and close are budgeted by its extension: these only create, attach and unlink the probe.
    @BeforeAll
    @Timeout(15)
    static void startProbe() throws Exception {
        probe = SharedMemory.create(freshName("probe"), 3L * MAX_N * Long.BYTES);
        // Each worker attaches to the probe now and keeps its mapping: then the probe works even if another grading
        // run on this machine tidies up /dev/shm in the meantime.
        String name = probe.name();
        List<Future<Long>> attached = new ArrayList<>();
        for (int w = 0; w < processes.pool().size(); w++) {
            attached.add(processes.pool().submit(() -> {
                PROBES.computeIfAbsent(name, SharedMemory::attach);
                Thread.sleep(200);
                return ProcessHandle.current().pid();
            }));
        }
        for (Future<Long> f : attached) {
            f.get();
        }
    }

    @AfterAll
    @Timeout(5)
    static void closeProbe() {
        probe.unlink();
    }

    /** A block name no other test (or other run on this machine) uses. */
    static String freshName(String what) {
        return "l07-" + what + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    // ---- The probe: what the operation saw, in whichever process ran it ------------------------------------------
    //
    // The test's own block of longs. The recording operation is called with a[i] = i, so it knows which element it
    // computes: slot i gets the pid of the process that computed element i, slot MAX_N + i the size in bytes of the
    // student's block (by its file in /dev/shm) at that moment, -1 if there was none, and slot 2 * MAX_N + i counts
    // how often element i was computed.

    /** The most elements an observed call may have. */
    static final int MAX_N = 1_000;

    /** This process's handles of probes, so a worker attaches once, not once per element. */
    static final Map<String, SharedMemory> PROBES = new ConcurrentHashMap<>();

    /**
     * The student's blocks, attached by the recording operation in each process that computed (keepBlock): the memory
     * stays readable after the block is unlinked, so the test can read what the workers left in it.
     */
    static final Map<String, SharedMemory> KEPT = new ConcurrentHashMap<>();

    static IntOp recordingAdd(String probe, String block) {
        return recordingAdd(probe, block, false);
    }

    static IntOp recordingAdd(String probe, String block, boolean keepBlock) {
        return (index, y) -> {
            SharedMemory seen = PROBES.computeIfAbsent(probe, SharedMemory::attach);
            long size = fileSize(block);
            if (keepBlock && size > 0) {
                KEPT.computeIfAbsent(block, SharedMemory::attach);
            }
            seen.putLong(index, ProcessHandle.current().pid());
            seen.putLong(MAX_N + index, size);
            seen.putLong(2 * MAX_N + index, seen.getLong(2 * MAX_N + index) + 1);
            return index + y;
        };
    }

    static long fileSize(String block) {
        try {
            return Files.size(SharedMemory.directory().resolve(SharedMemory.FILE_PREFIX + block));
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            return -2;
        }
    }

    record Observed(int[] c, long[] pids, long[] sizes, long[] calls) {
    }

    /** Runs combine with a[i] = i and the given b through the recording operation, and reads the probe. */
    static Observed observe(String block, int[] b) throws Exception {
        return observe(block, b, false);
    }

    static Observed observe(String block, int[] b, boolean keepBlock) throws Exception {
        int n = b.length;
        for (int slot = 0; slot < 3 * MAX_N; slot++) {
            probe.putLong(slot, 0);
        }
        int[] index = IntStream.range(0, n).toArray();
        int[] c = SharedVectorAdd.combine(processes.pool(), block, index, b, recordingAdd(probe.name(), block, keepBlock));
        long[] pids = IntStream.range(0, n).mapToLong(probe::getLong).toArray();
        long[] sizes = IntStream.range(MAX_N, MAX_N + n).mapToLong(probe::getLong).toArray();
        long[] calls = IntStream.range(2 * MAX_N, 2 * MAX_N + n).mapToLong(probe::getLong).toArray();
        return new Observed(c, pids, sizes, calls);
    }

    /** The first n ints of the block as this process's kept handle sees them, or null if it kept none; closes the handle. */
    static int[] keptContents(String block, int n) {
        SharedMemory kept = KEPT.remove(block);
        if (kept == null) {
            return null;
        }
        try (kept) {
            return IntStream.range(0, Math.min(n, kept.intCapacity())).map(kept::getInt).toArray();
        }
    }

    static int[] sumsOf(int[] a, int[] b) {
        return IntStream.range(0, a.length).map(i -> a[i] + b[i]).toArray();
    }

    // ---- The tests -----------------------------------------------------------------------------------------------

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("putInt takes an element index, not a byte offset, and this chunk's elements start at from: write element "
            + "k of the slices at from + k (at k, every worker would overwrite the start of the block). Close your "
            + "handle when done (try-with-resources).")
    void writeChunk_writes_its_slice_at_its_offset_through_its_own_handle() throws Exception {
        String name = freshName("chunk");
        try (SharedMemory block = SharedMemory.create(name, 20 * Integer.BYTES)) {
            try {
                int[] a = {5, -7, 300, 70_000};
                int[] b = {1, 2, 3, 100_000};
                long pid = SharedVectorAdd.writeChunk(name, 3, a, b, (x, y) -> x * 10 + y);
                assertThat(pid).as("writeChunk's result: the pid of the process that wrote").isEqualTo(ProcessHandle.current().pid());
                int[] all = IntStream.range(0, 20).map(block::getInt).toArray();
                assertThat(all).as("the block's 20 ints after writeChunk(name, from = 3, [5, -7, 300, 70000], [1, 2, 3, 100000], x*10 + y)")
                        .containsExactly(0, 0, 0, 51, -68, 3003, 800_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            } finally {
                block.unlink();
            }
        }
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("Read c out of the block only after every task's get() has returned. One chunk per worker (lesson 02's "
            + "chunks), each task given its slices (Arrays.copyOfRange) and its offset, and every element covered, "
            + "the last chunk's too.")
    void add_gives_a_plus_b_for_random_vectors_of_several_sizes() throws Exception {
        for (int n : new int[] {0, 1, 2, 3, 5, 200, 1_000 + random.nextInt(20_000), 100_000}) {
            int[] a = random.ints(n).toArray();
            int[] b = random.ints(n).toArray();
            String name = freshName("add");
            assertThat(SharedVectorAdd.add(processes.pool(), name, a, b)).as("add of two random vectors of %d ints", n)
                    .containsExactly(sumsOf(a, b));
        }
        assertThatThrownBy(() -> SharedVectorAdd.add(processes.pool(), freshName("add"), new int[3], new int[4]))
                .as("a and b of different lengths").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("SharedMemory.create takes a size in BYTES: n ints need n * Integer.BYTES of them. A block of n bytes holds "
            + "n / 4 ints (putInt past that throws), and a byte per element keeps only values -128..127.")
    void the_block_is_sized_in_bytes_for_n_ints_and_keeps_values_above_255() throws Exception {
        for (int n : new int[] {1, 3, 5, 64, 1_000}) {
            int[] b = random.ints(n, 256, 1_000_000).toArray();
            String name = freshName("size");
            Observed seen;
            try {
                seen = observe(name, b);
            } catch (ExecutionException e) {
                throw new AssertionError("combine of " + n + " ints with values above 255 failed in a worker: " + e.getCause()
                        + "\n(a block of n bytes holds only n / 4 ints)", e);
            }
            assertThat(seen.c()).as("combine of %d ints: i + b[i] with b[i] in 256..999999", n)
                    .containsExactly(sumsOf(IntStream.range(0, n).toArray(), b));
            long smallest = LongStream.of(seen.sizes()).min().orElseThrow();
            assertThat(smallest).as("the size in bytes of the block '%s' in %s, as the workers saw it while they computed "
                    + "(-1: no such block): %d ints need %d bytes", name, SharedMemory.directory(), n, n * Integer.BYTES)
                    .isGreaterThanOrEqualTo((long) n * Integer.BYTES);
        }
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("The elements must be computed and written into the shared block in the pool's worker processes (pool.submit "
            + "of writeChunk, one chunk per worker, all submitted before you wait), and c read from the block: not computed "
            + "here, nor sent back as results for this process to copy.")
    void the_elements_are_computed_and_written_in_at_least_two_worker_processes() throws Exception {
        int n = 400;
        int[] b = random.ints(n, -1_000, 1_000).toArray();
        String name = freshName("pids");
        Observed seen = observe(name, b, true);
        int[] expected = sumsOf(IntStream.range(0, n).toArray(), b);
        assertThat(seen.c()).as("combine of %d ints, read by this process", n).containsExactly(expected);
        long me = ProcessHandle.current().pid();
        assertThat(seen.pids()).as("pid of the process that computed each element (0: never computed)")
                .doesNotContain(0L).doesNotContain(me);
        long[] writers = LongStream.of(seen.pids()).distinct().toArray();
        assertThat(writers).as("the processes that computed the %d elements", n).hasSizeGreaterThanOrEqualTo(2);
        assertThat(processes.pool().workerPids()).as("they are the pool's workers").contains(LongStream.of(writers).boxed().toArray(Long[]::new));
        assertThat(seen.calls()).as("how often each of the %d elements was computed: once (chunks that overlap compute some "
                + "twice)", n).containsOnly(1L);
        // What the block held when combine returned, read through the mapping a worker kept of it (the block itself is
        // unlinked by then). Each worker kept one: ask both, and close their handles.
        List<Future<int[]>> asked = new ArrayList<>();
        for (int w = 0; w < 2 * processes.pool().size(); w++) {
            asked.add(processes.pool().submit(() -> keptContents(name, n)));
        }
        int[] inTheBlock = null;
        for (Future<int[]> answer : asked) {
            int[] contents = answer.get();
            inTheBlock = inTheBlock == null ? contents : inTheBlock;
        }
        keptContents(name, 0); // this process's handle, if it computed some elements itself
        assertThat(inTheBlock).as("the block '%s' as a worker that computed sees it", name).isNotNull();
        int[] block = inTheBlock;
        List<Integer> wrong = IntStream.range(0, n).filter(i -> block[i] != expected[i]).boxed().toList();
        assertThat(wrong.size()).as("elements of the block that do not hold c[i] after combine returned (element %s holds %s, c "
                + "has %s): the workers must write their elements into the shared block (writeChunk), and this process read c "
                + "from there", wrong.isEmpty() ? "-" : wrong.get(0), wrong.isEmpty() ? "-" : block[wrong.get(0)],
                wrong.isEmpty() ? "-" : expected[wrong.get(0)]).isZero();
    }

    @Test
    @Points(2)
    @Timeout(30)
    @Hint("When the result is read, close your handle and unlink() the block: a block nobody unlinks stays in "
            + "/dev/shm (in RAM) after every process has ended.")
    void nothing_is_left_in_dev_shm_after_the_call() throws Exception {
        for (int n : new int[] {1, 7, 5_000}) {
            String name = freshName("leak");
            int[] a = random.ints(n).toArray();
            SharedVectorAdd.add(processes.pool(), name, a, a);
            assertThat(SharedMemory.exists(name)).as("a block '%s' (file %s) after add of %d ints returned", name,
                    SharedMemory.directory().resolve(SharedMemory.FILE_PREFIX + name), n).isFalse();
            assertThat(SharedMemory.leftovers()).as("the kit's blocks after add returned").doesNotContain(name);
        }
        // And the block did exist while the workers wrote (so the check above is not passed by never creating it).
        String name = freshName("leak");
        Observed seen = observe(name, new int[] {4, 5, 6});
        assertThat(seen.sizes()).as("size of block '%s' while the workers computed (-1: none)", name).doesNotContain(-1L);
        assertThat(SharedMemory.exists(name)).as("block '%s' after the call", name).isFalse();
    }

    @Test
    @Points(3)
    @Timeout(30)
    @Hint("A task that throws makes future.get() throw: unlink the block in a finally block (or try-with-resources "
            + "plus finally), so that the exception reaches the caller and the block is gone all the same.")
    void nothing_is_left_behind_when_a_task_throws_and_the_exception_reaches_the_caller() throws Exception {
        for (int n : new int[] {2, 10, 1_000}) {
            String name = freshName("throw");
            int bad = n / 2 + random.nextInt(n / 2);
            int[] index = IntStream.range(0, n).toArray();
            assertThatThrownBy(() -> SharedVectorAdd.combine(processes.pool(), name, index, index, failOn(bad)))
                    .as("combine with an operation that throws for element %d of %d", bad, n)
                    .hasStackTraceContaining("bad element " + bad);
            assertThat(SharedMemory.exists(name)).as("a block '%s' after a task threw", name).isFalse();
        }
    }

    static IntOp failOn(int bad) {
        return (x, y) -> {
            if (x == bad) {
                throw new IllegalStateException("bad element " + bad);
            }
            return x + y;
        };
    }
}
