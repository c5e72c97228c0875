package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's normal behaviour, on one shared 2-worker pool. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolTest {
    private static Pool pool;

    @BeforeAll
    static void startPool() {
        pool = new Pool(2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static int square(int x) {
        return x * x;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void runsATaskAndReturnsItsResult() throws Exception {
        assertThat(pool.submit(() -> 6 * 7).get()).isEqualTo(42);
    }

    @Test
    void tasksRunInOtherProcessesThatAreTheWorkers() throws Exception {
        long here = pid();
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            pids.add(pool.submit(PoolTest::pid).get());
        }
        assertThat(pids).doesNotContain(here);
        assertThat(pool.workerPids()).containsAll(pids);
    }

    @Test
    void tasksSpreadOverBothWorkers() throws Exception {
        CountDownLatch unused = new CountDownLatch(0);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            futures.add(pool.submit(() -> {
                Thread.sleep(50);
                return pid();
            }));
        }
        Set<Long> pids = new HashSet<>();
        for (Future<Long> f : futures) {
            pids.add(f.get());
        }
        assertThat(pids).hasSize(2);
        assertThat(unused.getCount()).isZero();
    }

    @Test
    void futuresKeepTheirOwnResultsWhateverTheOrderTasksFinishIn() throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int x = i;
            futures.add(pool.submit(() -> {
                Thread.sleep((40 - x) % 7);      // finish out of order
                return square(x);
            }));
        }
        for (int i = 0; i < 40; i++) {
            assertThat(futures.get(i).get()).as("future %d", i).isEqualTo(i * i);
        }
    }

    @Test
    void submitsAFunctionWithItsArgumentAndABiFunctionWithTwo() throws Exception {
        assertThat(pool.submit(PoolTest::square, 9).get()).isEqualTo(81);
        assertThat(pool.submit(Math::max, 3, 11).get()).isEqualTo(11);
        assertThat(pool.submit((String s, Integer n) -> s.repeat(n), "ab", 3).get()).isEqualTo("ababab");
    }

    @Test
    void argumentsAndResultsAreCopiesNotShared() throws Exception {
        int[] data = {1, 2, 3};
        int[] back = pool.submit(() -> {
            data[0] = 100;
            return data;
        }).get();
        assertThat(back).containsExactly(100, 2, 3);
        assertThat(data).containsExactly(1, 2, 3);
    }

    static int counter;

    @Test
    void aStaticFieldChangedInAWorkerDoesNotChangeOurs() throws Exception {
        counter = 0;
        int inWorker = pool.submit(() -> ++counter).get();
        assertThat(inWorker).isPositive();
        assertThat(counter).isZero();
    }

    @Test
    void printlnInATaskAppearsOnOurSystemOut() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int result = pool.submit(() -> {
                System.out.println("Running task: 7");
                System.out.print("no newline, ");
                System.out.println("naïve ünïcode");
                return 49;
            }).get();
            assertThat(result).isEqualTo(49);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("Running task: 7").contains("no newline, naïve ünïcode");
    }

    @Test
    void aTaskReadingSystemInSeesEndOfInputNotTheProtocol() throws Exception {
        assertThat(pool.submit(() -> System.in.read()).get()).isEqualTo(-1);
        assertThat(pool.submit(() -> 5).get()).isEqualTo(5);
    }

    @Test
    void anExceptionInATaskFailsItsFutureWithTheRemoteStackTrace() {
        Future<Integer> f = pool.submit(() -> {
            throw new IllegalStateException("boom in worker");
        });
        assertThatThrownBy(f::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom in worker")
                .satisfies(e -> assertThat(e.getStackTrace())
                        .anySatisfy(frame -> assertThat(frame.getClassName()).isEqualTo(PoolTest.class.getName()))
                        .anySatisfy(frame -> assertThat(frame.getClassName()).isEqualTo(Worker.class.getName())));
        assertThat(f.isDone()).isTrue();
    }

    @Test
    void theWorkerKeepsWorkingAfterATaskThrows() throws Exception {
        List<Long> before = pool.workerPids();
        for (int i = 0; i < 4; i++) {
            Future<Object> f = pool.submit(() -> {
                throw new ArithmeticException("x");
            });
            assertThatThrownBy(f::get).hasCauseInstanceOf(ArithmeticException.class);
        }
        assertThat(pool.submit(() -> "still here").get()).isEqualTo("still here");
        assertThat(pool.workerPids()).isEqualTo(before);
    }

    /** An exception that cannot travel: it holds a non-serializable object. */
    static class HeavyException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object notSerializable = new Object();

        HeavyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void aNonSerializableExceptionArrivesAsARemoteTaskExceptionWithClassMessageAndFrames() {
        Future<Object> f = pool.submit(() -> {
            throw new HeavyException("heavy", new IllegalArgumentException("root"));
        });
        assertThatThrownBy(f::get)
                .cause()
                .isInstanceOf(RemoteTaskException.class)
                .hasMessage(HeavyException.class.getName() + ": heavy")
                .satisfies(e -> {
                    assertThat(((RemoteTaskException) e).remoteClassName()).isEqualTo(HeavyException.class.getName());
                    assertThat(e.getStackTrace()).isNotEmpty();
                    assertThat(e.getCause()).hasMessage(IllegalArgumentException.class.getName() + ": root");
                });
    }

    /** Not serializable on purpose. */
    static class Plain {
        int value = 5;
    }

    @Test
    void aTaskThatCapturesSomethingNotSerializableFailsNamingTheClass() {
        Plain plain = new Plain();
        Future<Integer> f = pool.submit(() -> plain.value);
        assertThatThrownBy(f::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NotSerializableException.class)
                .hasMessageContaining(Plain.class.getName());
    }

    @Test
    void aResultThatIsNotSerializableFailsNamingTheClass() throws Exception {
        Future<Plain> f = pool.submit(Plain::new);
        assertThatThrownBy(f::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NotSerializableException.class)
                .hasMessageContaining(Plain.class.getName())
                .hasMessageContaining("result");
        assertThat(pool.submit(() -> 1).get()).isEqualTo(1);
    }

    /** Serializable, to check big payloads both ways. */
    static final class Blob implements Serializable {
        private static final long serialVersionUID = 1L;
        final byte[] bytes;

        Blob(int size) {
            bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) i;
            }
        }
    }

    @Test
    void largeTasksAndResultsCrossThePipes() throws Exception {
        Blob blob = new Blob(3_000_000);
        Blob back = pool.submit(() -> {
            long sum = 0;
            for (byte b : blob.bytes) {
                sum += b;
            }
            return sum == Long.MIN_VALUE ? null : new Blob(blob.bytes.length + 1);
        }).get();
        assertThat(back.bytes).hasSize(3_000_001);
        assertThat(back.bytes[1_000_001]).isEqualTo((byte) 1_000_001);
    }

    @Test
    void largeArraysTravelBothWaysAndASubmittedArrayIsTheOneTheTaskSees() throws Exception {
        long[] big = new long[1_000_000];
        Arrays.setAll(big, i -> i);
        long[] back = pool.submit((long[] a) -> {
            a[0] = -1;                                // the worker's copy
            return a;
        }, big).get();
        assertThat(back[0]).isEqualTo(-1);
        assertThat(back[999_999]).isEqualTo(999_999);
        assertThat(big[0]).isZero();
        // more tasks than workers: later ones wait in the queue, yet each sees the array as it was at submit
        List<Future<Long>> sums = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            sums.add(pool.submit((long[] a) -> {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                return a[0];
            }, big));
            big[0] = round + 1;                       // changed after submit
        }
        for (int round = 0; round < 6; round++) {
            assertThat(sums.get(round).get()).as("task %d", round).isEqualTo(round);
        }
    }

    @Test
    void nullTasksAreRejected() {
        assertThatThrownBy(() -> pool.submit((SerializableCallable<Object>) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task");
        assertThatThrownBy(() -> pool.submit((SerializableFunction<Object, Object>) null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function");
        assertThatThrownBy(() -> pool.submit((SerializableBiFunction<Object, Object, Object>) null, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function");
    }

    @Test
    void aPoolNeedsAtLeastOneWorker() {
        assertThatThrownBy(() -> new Pool(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 worker, got 0");
        assertThatThrownBy(() -> Pool.builder().workers(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
    }

    @Test
    void aWorkerThatCannotStartFailsTheConstructorWithItsStderr() {
        assertThatThrownBy(() -> Pool.builder().workers(1).jvmOptions("-XX:+NoSuchOptionForSure").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not start")
                .hasMessageContaining("NoSuchOptionForSure");
    }
}
