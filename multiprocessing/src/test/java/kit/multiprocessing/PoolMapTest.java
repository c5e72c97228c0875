package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** map, starmap and imap: Python's semantics, in chunks. One shared 2-worker pool. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolMapTest {
    private static Pool pool;

    @BeforeAll
    static void startPool() {
        pool = new Pool(2);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    static void pause(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000);
    }

    static int slowSquare(int x) {
        pause(x % 3);                            // chunks finish out of order
        return x * x;
    }

    static int failAt(int x, int bad) {
        if (x == bad) {
            throw new IllegalStateException("item " + x + " failed");
        }
        return x;
    }

    @Test
    void mapReturnsFnOfEveryItemInItemOrder() throws Exception {
        List<Integer> items = range(1000);
        Collections.shuffle(items);
        List<Integer> expected = items.stream().map(x -> x * x).collect(Collectors.toList());
        assertThat(pool.map(x -> x * x, items)).isEqualTo(expected);
        assertThat(pool.map(PoolMapTest::slowSquare, items, 7)).isEqualTo(expected);
    }

    @Test
    void mapRunsInTheWorkers() throws Exception {
        List<Long> pids = pool.map(x -> {
            pause(20);
            return ProcessHandle.current().pid();
        }, range(8), 1);
        assertThat(new HashSet<>(pids)).hasSize(2).doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void theDefaultChunksizeIsPythons() throws Exception {
        assertThat(Pool.defaultChunksize(10_000, 2)).isEqualTo(1250);
        assertThat(Pool.defaultChunksize(100, 2)).isEqualTo(13);     // ceil(100 / 8)
        assertThat(Pool.defaultChunksize(3, 4)).isEqualTo(1);
        assertThat(Pool.defaultChunksize(0, 2)).isEqualTo(1);
        long before = pool.tasksSubmitted();
        pool.map(x -> x, range(100));
        assertThat(pool.tasksSubmitted() - before).as("tasks for 100 items on 2 workers").isEqualTo(8); // ceil(100/13)
    }

    @Test
    void anExplicitChunksizeSetsItemsPerTask() throws Exception {
        long before = pool.tasksSubmitted();
        assertThat(pool.map(x -> x + 1, range(100), 7)).isEqualTo(range(101).subList(1, 101));
        assertThat(pool.tasksSubmitted() - before).isEqualTo(15);                      // ceil(100 / 7)
        before = pool.tasksSubmitted();
        pool.starmap((Integer a, Integer b) -> a + b, pairs(10), 1);
        assertThat(pool.tasksSubmitted() - before).isEqualTo(10);
        before = pool.tasksSubmitted();
        pool.map(x -> x, range(10), 1000);
        assertThat(pool.tasksSubmitted() - before).isEqualTo(1);
    }

    static List<Map.Entry<Integer, Integer>> pairs(int n) {
        List<Map.Entry<Integer, Integer>> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(Map.entry(i, 10 * i));
        }
        return pairs;
    }

    @Test
    void starmapCallsFnWithEachPairInOrder() throws Exception {
        assertThat(pool.starmap(Math::max, List.of(Map.entry(3, 11), Map.entry(5, 2), Map.entry(-1, -7))))
                .containsExactly(11, 5, -1);
        List<Integer> sums = pool.starmap((Integer a, Integer b) -> a + b, pairs(500));
        assertThat(sums).isEqualTo(IntStream.range(0, 500).map(i -> 11 * i).boxed().collect(Collectors.toList()));
        assertThat(pool.starmap((String s, Integer n) -> s.repeat(n), List.of(new java.util.AbstractMap.SimpleEntry<>("ab", 2))))
                .containsExactly("abab");
    }

    @Test
    void emptyInputGivesAnEmptyListAndSendsNothing() throws Exception {
        long before = pool.tasksSubmitted();
        assertThat(pool.map(x -> x, List.of())).isEmpty();
        assertThat(pool.map(x -> x, List.of(), 5)).isEmpty();
        assertThat(pool.starmap(Math::max, List.<Map.Entry<Integer, Integer>>of())).isEmpty();
        assertThat(pool.imap(x -> x, List.of()).hasNext()).isFalse();
        assertThat(pool.tasksSubmitted()).isEqualTo(before);
    }

    @Test
    void nullItemsArePassedOnAsTheyAre() throws Exception {
        assertThat(pool.map(x -> x == null ? "null" : "x", Arrays.asList(1, null, 3))).containsExactly("x", "null", "x");
    }

    @Test
    void theFirstFailureInItemOrderIsRaisedWithTheRemoteStackTrace() {
        assertThatThrownBy(() -> pool.map(x -> failAt(x, 37), range(100), 5))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("item 37 failed")
                .satisfies(e -> assertThat(e.getStackTrace())
                        .anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("failAt"))
                        .anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(Worker.class.getName())));
        // two failures: the one in the earlier item wins, whichever chunk finishes first
        assertThatThrownBy(() -> pool.map(x -> {
            if (x == 90) {
                throw new ArithmeticException("late item");
            }
            if (x == 3) {
                pause(300);
                throw new ArithmeticException("early item");
            }
            return x;
        }, range(100), 10)).cause().hasMessage("early item");
        assertThatThrownBy(() -> pool.starmap((Integer a, Integer b) -> failAt(a, 4), pairs(10), 3))
                .isInstanceOf(ExecutionException.class).cause().hasMessage("item 4 failed");
    }

    @Test
    void theWorkersKeepWorkingAfterAFailedMap() throws Exception {
        List<Long> before = pool.workerPids();
        assertThatThrownBy(() -> pool.map(x -> failAt(x, 0), range(10))).isInstanceOf(ExecutionException.class);
        assertThat(pool.map(x -> x, range(10))).isEqualTo(range(10));
        assertThat(pool.workerPids()).isEqualTo(before);
    }

    @Test
    void aFunctionThatIsNotSerializableFailsTheMapNamingTheClass() {
        PoolTest.Plain plain = new PoolTest.Plain();
        assertThatThrownBy(() -> pool.map(x -> x + plain.value, range(10)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(java.io.NotSerializableException.class)
                .hasMessageContaining(PoolTest.Plain.class.getName());
    }

    @Test
    void badArgumentsGiveClearMessages() {
        assertThatThrownBy(() -> pool.map(null, range(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("function must not be null");
        assertThatThrownBy(() -> pool.map(x -> x, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items must not be null");
        assertThatThrownBy(() -> pool.map(x -> x, range(3), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chunksize must be at least 1, got 0");
        assertThatThrownBy(() -> pool.starmap(null, pairs(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("function must not be null");
        assertThatThrownBy(() -> pool.starmap(Math::max, (List<Map.Entry<Integer, Integer>>) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("args must not be null");
        assertThatThrownBy(() -> pool.starmap(Math::max, Arrays.asList(Map.entry(1, 2), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null pairs").hasMessageContaining("index 1");
        assertThatThrownBy(() -> pool.starmap(Math::max, pairs(2), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chunksize must be at least 1, got -1");
        assertThatThrownBy(() -> pool.imap(null, range(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("function must not be null");
        assertThatThrownBy(() -> pool.imap(x -> x, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items must not be null");
        assertThatThrownBy(() -> pool.imap(x -> x, range(3), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chunksize must be at least 1, got 0");
    }

    @Test
    void imapYieldsResultsInOrderAsTheyArrive() {
        Iterator<Integer> results = pool.imap(x -> x * 2, range(50));
        List<Integer> seen = new ArrayList<>();
        results.forEachRemaining(seen::add);
        assertThat(seen).isEqualTo(IntStream.range(0, 50).map(i -> 2 * i).boxed().collect(Collectors.toList()));
        assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);
        Iterator<Integer> chunked = pool.imap(x -> x + 1, range(25), 4);
        List<Integer> all = new ArrayList<>();
        chunked.forEachRemaining(all::add);
        assertThat(all).isEqualTo(range(26).subList(1, 26));
    }

    @Test
    void imapTakesItemsLazilyFromAnEndlessSource() {
        Iterator<Integer> naturals = IntStream.iterate(0, i -> i + 1).iterator();
        Iterator<Integer> squares = pool.imap(x -> x * x, () -> naturals, 3);
        for (int i = 0; i < 40; i++) {
            assertThat(squares.next()).isEqualTo(i * i);
        }
        assertThat(squares.hasNext()).isTrue();
    }

    @Test
    void imapRaisesTheFirstFailureThenEnds() {
        Iterator<Integer> results = pool.imap(x -> failAt(x, 5), range(20), 2);
        for (int i = 0; i < 4; i++) {
            assertThat(results.next()).isEqualTo(i);
        }
        assertThatThrownBy(results::next)
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("item 5 failed");
        assertThat(results.hasNext()).isFalse();
    }

    @Test
    void aMapWithManyTinyItemsIsFewTasks() throws Exception {
        List<Integer> items = range(10_000);
        long before = pool.tasksSubmitted();
        List<Integer> out = pool.map(x -> x + 1, items);
        assertThat(out).hasSize(10_000).startsWith(1, 2, 3).endsWith(10_000);
        assertThat(pool.tasksSubmitted() - before).isEqualTo(8);
    }
}
