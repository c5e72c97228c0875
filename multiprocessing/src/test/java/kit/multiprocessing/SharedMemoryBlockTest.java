package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's {@link SharedMemory} blocks (named apart from lesson 07's graded {@code lessons.sharedmemory.SharedMemoryTest},
 * so that {@code -Dtest=SharedMemoryTest} means the lesson).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedMemoryBlockTest {
    /**
     * The tests' blocks live in a private folder (in /dev/shm where it exists): other builds on the
     * same machine may clean up /dev/shm/kit-* while these tests run. Pools pass the folder on.
     */
    private static Path privateDir;
    private static String previousDir;

    @BeforeAll
    static void privateFolder() throws Exception {
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        privateDir = Files.createTempDirectory(base, "kitpool-test-");
        previousDir = System.setProperty(SharedMemory.DIRECTORY_PROPERTY, privateDir.toString());
    }

    @AfterAll
    static void removePrivateFolder() throws Exception {
        restore(previousDir);
        try (var files = Files.list(privateDir)) {
            List<Path> left = files.collect(java.util.stream.Collectors.toList());
            for (Path f : left) {
                Files.delete(f);
            }
            assertThat(left).as("blocks left behind").isEmpty();
        } finally {
            Files.delete(privateDir);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(SharedMemory.DIRECTORY_PROPERTY);
        } else {
            System.setProperty(SharedMemory.DIRECTORY_PROPERTY, previous);
        }
    }

    /** Unique per test, so parallel builds on the same machine never collide. */
    private final String name = "test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);

    @AfterEach
    void noLeftovers() {
        boolean leaked = SharedMemory.leftovers().stream().anyMatch(n -> n.startsWith(name));
        SharedMemory.leftovers().stream().filter(n -> n.startsWith(name))
                .forEach(n -> SharedMemory.attach(n).unlink());
        assertThat(leaked).as("blocks named " + name + "* left behind").isFalse();
    }

    @Test
    void aNewBlockIsZeroedAndHoldsTypedValuesByElementIndex() {
        try (SharedMemory shm = SharedMemory.create(name, 64)) {
            assertThat(shm.name()).isEqualTo(name);
            assertThat(shm.size()).isEqualTo(64);
            assertThat(shm.intCapacity()).isEqualTo(16);
            assertThat(shm.longCapacity()).isEqualTo(8);
            assertThat(shm.getLong(7)).isZero();
            shm.putInt(15, -5);
            shm.putLong(3, Long.MIN_VALUE);
            shm.putDouble(0, Math.PI);
            shm.putByte(8, (byte) 0x7f);
            assertThat(shm.getInt(15)).isEqualTo(-5);
            assertThat(shm.getLong(3)).isEqualTo(Long.MIN_VALUE);
            assertThat(shm.getDouble(0)).isEqualTo(Math.PI);
            assertThat(shm.getByte(8)).isEqualTo((byte) 0x7f);
            assertThat(shm.getInt(2)).as("int 2 is byte 8..11").isEqualTo(ByteOrderProbe.intWithLowestAddressByte(0x7f));
            assertThat(shm.file()).exists().hasFileName("kit-" + name);
            shm.unlink();
        }
    }

    @Test
    void bulkCopiesMatchTheElementAccessorsAndCheckTheirRange() {
        try (SharedMemory shm = SharedMemory.create(name, 80)) {
            shm.putLongs(2, new long[] {7, -8, Long.MAX_VALUE});
            assertThat(shm.getLong(2)).isEqualTo(7);
            assertThat(shm.getLong(4)).isEqualTo(Long.MAX_VALUE);
            long[] longs = new long[10];
            shm.getLongs(0, longs);
            assertThat(longs).containsExactly(0, 0, 7, -8, Long.MAX_VALUE, 0, 0, 0, 0, 0);
            shm.putDoubles(9, new double[] {Math.E});
            assertThat(shm.getDouble(9)).isEqualTo(Math.E);
            double[] doubles = new double[1];
            shm.getDoubles(9, doubles);
            assertThat(doubles).containsExactly(Math.E);
            shm.putInts(18, new int[] {5, 6});
            int[] ints = new int[2];
            shm.getInts(18, ints);
            assertThat(ints).containsExactly(5, 6);
            assertThat(shm.getInt(19)).isEqualTo(6);
            assertThatThrownBy(() -> shm.putLongs(8, new long[3]))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("3 longs from index 8")
                    .hasMessageContaining("capacity 10");
            assertThatThrownBy(() -> shm.getInts(-1, new int[1])).isInstanceOf(IndexOutOfBoundsException.class);
            shm.unlink();
        }
    }

    @Test
    void aLargeArrayMovesToAWorkerAndBackThroughSharedMemory() throws Exception {
        long[] data = new long[1_000_000];
        java.util.Arrays.setAll(data, i -> i * 3L);
        try (SharedMemory shm = SharedMemory.create(name, data.length * (long) Long.BYTES); Pool pool = new Pool(1)) {
            shm.putLongs(0, data);
            String shmName = shm.name();
            int n = data.length;
            long sum = pool.submit(() -> {
                long[] copy = new long[n];
                try (SharedMemory there = SharedMemory.attach(shmName)) {
                    there.getLongs(0, copy);
                    long total = 0;
                    for (int i = 0; i < n; i++) {
                        total += copy[i];
                        copy[i] = -copy[i];
                    }
                    there.putLongs(0, copy);
                    return total;
                }
            }).get();
            assertThat(sum).isEqualTo(3L * n * (n - 1) / 2);
            long[] back = new long[n];
            shm.getLongs(0, back);
            assertThat(back[n - 1]).isEqualTo(-3L * (n - 1));
            shm.unlink();
        }
    }

    /** What an int reads as when only its first byte (lowest address) is set, in native order. */
    static final class ByteOrderProbe {
        static int intWithLowestAddressByte(int b) {
            return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? b : b << 24;
        }
    }

    @Test
    void blocksLiveInDevShmOnLinuxAndTheTempFolderElsewhereUnlessTheDirectoryIsSet() {
        assertThat(SharedMemory.directory()).isEqualTo(privateDir);
        System.clearProperty(SharedMemory.DIRECTORY_PROPERTY);
        try {
            if (Files.isDirectory(Path.of("/dev/shm"))) {
                assertThat(SharedMemory.directory()).isEqualTo(Path.of("/dev/shm"));
            } else {
                assertThat(SharedMemory.directory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            }
        } finally {
            System.setProperty(SharedMemory.DIRECTORY_PROPERTY, privateDir.toString());
        }
    }

    @Test
    void aRandomNameIsGivenWhenNoneIsAsked() {
        try (SharedMemory a = SharedMemory.create(8); SharedMemory b = SharedMemory.create(8)) {
            try {
                assertThat(a.name()).isNotEqualTo(b.name());
                assertThat(SharedMemory.exists(a.name())).isTrue();
            } finally {
                a.unlink();
                b.unlink();
            }
        }
    }

    @Test
    void twoHandlesSeeTheSameMemory() {
        try (SharedMemory creator = SharedMemory.create(name, 1024); SharedMemory other = SharedMemory.attach(name)) {
            other.putDouble(100, 2.5);
            assertThat(creator.getDouble(100)).isEqualTo(2.5);
            assertThat(other.size()).isEqualTo(1024);
            creator.unlink();
        }
    }

    @Test
    void workerProcessesAttachByNameAndWriteTheParentReads() throws Exception {
        int n = 200;
        try (SharedMemory c = SharedMemory.create(name, n * Integer.BYTES); Pool pool = new Pool(2)) {
            String shmName = c.name();
            List<Future<Long>> done = new ArrayList<>();
            int chunks = 4;
            for (int k = 0; k < chunks; k++) {
                int from = k * n / chunks;
                int to = (k + 1) * n / chunks;
                done.add(pool.submit(() -> {
                    try (SharedMemory shm = SharedMemory.attach(shmName)) {
                        for (int i = from; i < to; i++) {
                            shm.putInt(i, 1 + 2 + i * 0);
                        }
                    }
                    Thread.sleep(50);           // keep this worker busy so the other gets work too
                    return ProcessHandle.current().pid();
                }));
            }
            Set<Long> pids = new HashSet<>();
            for (Future<Long> f : done) {
                pids.add(f.get());
            }
            assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
            for (int i = 0; i < n; i++) {
                assertThat(c.getInt(i)).as("element %d", i).isEqualTo(3);
            }
            c.unlink();
        }
    }

    @Test
    void aBlockRecreatedUnderTheSameNameIsANewBlock() {
        try (SharedMemory first = SharedMemory.create(name, 16); SharedMemory firstAttached = SharedMemory.attach(name)) {
            firstAttached.putInt(0, 1);
            first.unlink();
            try (SharedMemory second = SharedMemory.create(name, 32); SharedMemory secondAttached = SharedMemory.attach(name)) {
                assertThat(secondAttached.size()).isEqualTo(32);
                assertThat(secondAttached.getInt(0)).isZero();
                secondAttached.putInt(0, 2);
                assertThat(second.getInt(0)).isEqualTo(2);
                assertThat(first.getInt(0)).isEqualTo(1);
                second.unlink();
            }
        }
    }

    @Test
    void attachingAMissingBlockNamesIt() {
        assertThatThrownBy(() -> SharedMemory.attach(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no shared memory named '" + name + "'");
        assertThat(SharedMemory.exists(name)).isFalse();
    }

    @Test
    void sizesMustBePositiveAndFit() {
        assertThatThrownBy(() -> SharedMemory.create(name, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 byte, got 0");
        assertThatThrownBy(() -> SharedMemory.create(name, -8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-8");
        assertThatThrownBy(() -> SharedMemory.create(name, SharedMemory.MAX_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> SharedMemory.create(name, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThat(SharedMemory.exists(name)).isFalse();
    }

    @Test
    void namesWithPathSeparatorsOrOddCharactersAreRejected() {
        for (String bad : new String[] {"a/b", "../etc", "a\\b", "", ".hidden", "sp ace", "x".repeat(201)}) {
            assertThatThrownBy(() -> SharedMemory.create(bad, 8)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid shared memory name");
            assertThatThrownBy(() -> SharedMemory.attach(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid shared memory name");
        }
        assertThatThrownBy(() -> SharedMemory.create(null, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void anIndexOutOfBoundsNamesTheIndexAndTheCapacity() {
        try (SharedMemory shm = SharedMemory.create(name, 40)) {
            assertThatThrownBy(() -> shm.getInt(10))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("int index 10").hasMessageContaining("capacity 10 ints (40 bytes)");
            assertThatThrownBy(() -> shm.putLong(5, 1))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("long index 5").hasMessageContaining("capacity 5 longs");
            assertThatThrownBy(() -> shm.putDouble(-1, 1))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("double index -1");
            assertThatThrownBy(() -> shm.getByte(40))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("byte index 40");
            shm.putInt(9, 1); // the last one is fine
            shm.unlink();
        }
    }

    @Test
    void aClosedHandleRefusesAccessButCanStillUnlink() {
        SharedMemory shm = SharedMemory.create(name, 16);
        shm.close();
        shm.close();
        assertThatThrownBy(() -> shm.getInt(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + name + "' is closed");
        assertThatThrownBy(() -> shm.putDouble(0, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(shm.unlink()).isTrue();
        assertThat(shm.unlink()).as("second unlink").isFalse();
    }

    @Test
    void creatingAnExistingNameFails() {
        try (SharedMemory first = SharedMemory.create(name, 16)) {
            first.putInt(0, 99);
            assertThatThrownBy(() -> SharedMemory.create(name, 32))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("'" + name + "' already exists");
            assertThat(first.getInt(0)).as("the existing block is untouched").isEqualTo(99);
            first.unlink();
        }
    }

    @Test
    void unlinkRemovesTheNameButAttachedHandlesKeepTheirMemory() {
        try (SharedMemory creator = SharedMemory.create(name, 16); SharedMemory other = SharedMemory.attach(name)) {
            assertThat(creator.unlink()).isTrue();
            assertThat(creator.file()).doesNotExist();
            assertThat(SharedMemory.leftovers()).doesNotContain(name);
            assertThatThrownBy(() -> SharedMemory.attach(name)).isInstanceOf(IllegalArgumentException.class);
            other.putInt(1, 7);
            assertThat(creator.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void aBlockOutlivesACreatorKilledWithoutUnlinkUntilLeftoversAreCleaned(@TempDir Path dir) throws Exception {
        String previous = System.setProperty(SharedMemory.DIRECTORY_PROPERTY, dir.toString());
        try {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process creator = new ProcessBuilder(java, "-Dkit.shm.dir=" + dir, "-cp", System.getProperty("java.class.path"),
                    SharedMemoryCreatorMain.class.getName(), name)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(creator.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("READY");
            } finally {
                creator.destroyForcibly();
                assertThat(creator.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(SharedMemory.leftovers()).containsExactly(name);
            try (SharedMemory orphan = SharedMemory.attach(name)) {
                assertThat(orphan.getInt(100)).as("the dead creator's data").isEqualTo(700);
            }
            assertThat(SharedMemory.unlinkLeftovers()).containsExactly(name);
            assertThat(SharedMemory.leftovers()).isEmpty();
            try (var files = Files.list(dir)) {
                assertThat(files).as("files left in " + dir).isEmpty();
            }
        } finally {
            restore(previous);
        }
    }
}
