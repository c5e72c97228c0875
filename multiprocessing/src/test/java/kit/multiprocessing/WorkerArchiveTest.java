package kit.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The workers' class-data-sharing archive: built once in its cache folder, used, and never in the way. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerArchiveTest {
    @TempDir
    Path cache;
    private String previousDir;
    private String previousEnabled;

    @BeforeEach
    void privateCache() {
        previousDir = System.setProperty(WorkerArchive.DIRECTORY_PROPERTY, cache.toString());
        previousEnabled = System.clearProperty(WorkerArchive.ENABLED_PROPERTY);
    }

    @AfterEach
    void restore() {
        restore(WorkerArchive.DIRECTORY_PROPERTY, previousDir);
        restore(WorkerArchive.ENABLED_PROPERTY, previousEnabled);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static String workerClasspath(Pool pool) throws Exception {
        return pool.submit(() -> System.getProperty("java.class.path")).get();
    }

    /** Runs a pool of one and returns what the pool printed on System.err meanwhile. */
    private static String stderrOfAPool(List<String> seen) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Pool pool = new Pool(1)) {
            assertThat(pool.submit(() -> 6 * 7).get()).isEqualTo(42);
            seen.add(workerClasspath(pool));
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstPoolBuildsTheArchiveAndItsJarAndLeavesNothingElse() throws Exception {
        String classpath;
        try (Pool pool = new Pool(2)) {
            classpath = workerClasspath(pool);
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
        }
        List<String> files = files();
        assertThat(files).hasSize(2);
        assertThat(files.get(0)).startsWith("kit-").endsWith(".jar");
        assertThat(files.get(1)).isEqualTo(files.get(0).replace(".jar", ".jsa"));
        // the kit's jar goes first; the pool's class path follows, unchanged
        assertThat(classpath).isEqualTo(cache.resolve(files.get(0)) + File.pathSeparator + System.getProperty("java.class.path"));
        try (Pool again = new Pool(1)) {
            assertThat(again.submit(() -> 1).get()).isEqualTo(1);
        }
        assertThat(files()).isEqualTo(files);         // reused, not rebuilt
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid).filter(Processes::isRunning))
                .as("no worker and no archive dump left running").isEmpty();
    }

    @Test
    void pairsUnusedForAMonthAreRemovedWhenANewPairIsBuilt() throws Exception {
        Path oldJar = Files.writeString(cache.resolve("kit-0123456789abcdef0123.jar"), "old");
        Path oldJsa = Files.writeString(cache.resolve("kit-0123456789abcdef0123.jsa"), "old");
        Path recent = Files.writeString(cache.resolve("kit-aaaaaaaaaaaaaaaaaaaa.jsa"), "recent");
        Path notOurs = Files.writeString(cache.resolve("notes.txt"), "keep");
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(40)));
        Files.setLastModifiedTime(oldJsa, longAgo);
        Files.setLastModifiedTime(notOurs, longAgo);
        new Pool(1).close();
        assertThat(oldJar).doesNotExist();
        assertThat(oldJsa).doesNotExist();
        assertThat(recent).exists();
        assertThat(notOurs).exists();
    }

    @Test
    void otherJvmOptionsGetAnArchiveOfTheirOwn() throws Exception {
        try (Pool pool = new Pool(1); Pool other = Pool.builder().workers(1).jvmOptions("-Xmx200m").build()) {
            assertThat(pool.submit(() -> 1).get() + other.submit(() -> 1).get()).isEqualTo(2);
        }
        assertThat(files()).hasSize(4);
    }

    @Test
    void aCorruptArchiveDoesNotBreakThePoolNorMakeItTalk() throws Exception {
        new Pool(1).close();
        Path archive = cache.resolve(files().get(1));
        Files.delete(archive);                              // the JVM writes it read-only
        Files.write(archive, "not a CDS archive at all".repeat(1000).getBytes(StandardCharsets.UTF_8));
        List<String> seen = new java.util.ArrayList<>();
        assertThat(stderrOfAPool(seen)).doesNotContainIgnoringCase("cds").doesNotContainIgnoringCase("shared archive");
        assertThat(seen).hasSize(1);
    }

    @Test
    void anArchiveFromAnotherClassPathOrJdkIsIgnoredSilently() throws Exception {
        new Pool(1).close();
        Pool.builder().workers(1).jvmOptions("-Xmx200m").build().close();
        List<String> files = files();                        // two jars, two archives
        Path mine = cache.resolve(files.get(1).endsWith(".jsa") ? files.get(1) : files.get(3));
        Path foreign = files.stream().filter(f -> f.endsWith(".jsa")).map(cache::resolve)
                .filter(p -> !p.equals(mine)).findFirst().orElseThrow();
        Files.delete(mine);
        Files.copy(foreign, mine);                           // the wrong archive under the right name
        Files.delete(cache.resolve(foreign.getFileName().toString().replace(".jsa", ".jar"))); // its jar gone too
        for (String f : files()) {
            if (f.endsWith(".jsa") && !cache.resolve(f).equals(mine)) {
                Files.delete(cache.resolve(f));
            }
        }
        List<String> seen = new java.util.ArrayList<>();
        assertThat(stderrOfAPool(seen)).doesNotContainIgnoringCase("cds").doesNotContainIgnoringCase("shared archive");
    }

    @Test
    void turnedOffOrUnwritableMeansNoArchiveAndTheSameClassPath() throws Exception {
        System.setProperty(WorkerArchive.ENABLED_PROPERTY, "false");
        try (Pool pool = new Pool(1)) {
            assertThat(workerClasspath(pool)).isEqualTo(System.getProperty("java.class.path"));
        }
        assertThat(files()).isEmpty();
        System.clearProperty(WorkerArchive.ENABLED_PROPERTY);
        Path file = cache.resolve("a-file");
        Files.writeString(file, "x");
        System.setProperty(WorkerArchive.DIRECTORY_PROPERTY, file.resolve("sub").toString()); // cannot be created
        try (Pool pool = new Pool(1)) {
            assertThat(workerClasspath(pool)).isEqualTo(System.getProperty("java.class.path"));
        }
        try (Pool own = Pool.builder().workers(1).jvmOptions("-Xshare:off").build()) {
            assertThat(own.submit(() -> 1).get()).isEqualTo(1);
        }
        assertThat(files()).containsExactly("a-file");
    }
}
