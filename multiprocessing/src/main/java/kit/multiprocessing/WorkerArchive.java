package kit.multiprocessing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An application class-data-sharing (AppCDS) archive for the workers, so a worker JVM maps the classes it needs
 * (the kit's, and the JDK's serialization, lambda and process classes that the JDK's own archive lacks) instead of
 * loading, verifying and linking them: see multiprocessing/README.md for the figures.
 *
 * <p>CDS refuses class paths with non-empty directories, and {@code mvn test} runs the kit from
 * {@code target/classes}. So the archive is built for a jar of the kit's own classes, which the worker's class path
 * starts with; the pool's class path follows it unchanged. Both files live in a per-user cache folder
 * ({@code $XDG_CACHE_HOME/kit-multiprocessing}, else {@code ~/.cache/kit-multiprocessing}; the system property
 * {@value #DIRECTORY_PROPERTY} overrides it), named by a hash of the JDK, the workers' JVM options and the kit's
 * class files: a new JDK, other options or changed classes get a new pair, built once (a second or two) by the first
 * pool that needs it. When anything goes wrong (no cache folder, a JVM that cannot dump, an archive that is corrupt or
 * from another JDK) the workers start without it, as before, and silently: {@code -Xshare:auto} ignores an archive it
 * cannot use, and its CDS messages are switched off. {@code -D}{@value #ENABLED_PROPERTY}{@code =false} turns it off.
 * A pair that no pool used for 30 days is removed when a new pair is built.
 */
final class WorkerArchive {
    static final String ENABLED_PROPERTY = "kit.pool.cds";
    static final String DIRECTORY_PROPERTY = "kit.pool.cds.dir";
    /** A fixed modification time for the jar: CDS checks it, and every JVM that writes the jar writes the same one. */
    private static final FileTime JAR_TIME = FileTime.fromMillis(946_684_800_000L); // 2000-01-01
    private static final String PACKAGE_PATH = "kit/multiprocessing/";
    private static final int STALE_DAYS = 30;

    private static final Map<List<String>, Optional<WorkerArchive>> KNOWN = new ConcurrentHashMap<>();

    final Path jar;
    final Path archive;

    private WorkerArchive(Path jar, Path archive) {
        this.jar = jar;
        this.archive = archive;
    }

    /** The options that make a worker use the archive, and keep quiet when it cannot. */
    List<String> jvmOptions() {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off:stderr");
    }

    /** The worker's class path: the kit's jar first, then the pool's class path unchanged. */
    String classpath(String poolClasspath) {
        return jar + File.pathSeparator + poolClasspath;
    }

    /**
     * The archive for workers started with {@code java} and {@code options}, built now if it is missing;
     * {@code null} if there is none to use.
     */
    static WorkerArchive forWorkers(String java, List<String> options) {
        // once per JVM, folder and command: hashing the classes costs a millisecond, a failed dump a second
        List<String> key = new ArrayList<>(options);
        key.add(0, java);
        key.add(0, directory().toString());
        key.add(0, System.getProperty(ENABLED_PROPERTY, ""));
        return KNOWN.computeIfAbsent(key, k -> Optional.ofNullable(find(java, options))).orElse(null);
    }

    private static WorkerArchive find(String java, List<String> options) {
        if ("false".equals(System.getProperty(ENABLED_PROPERTY))
                || options.stream().anyMatch(o -> o.startsWith("-Xshare:o") || o.contains("SharedArchiveFile")
                        || o.contains("ArchiveClassesAtExit") || o.contains("AutoCreateSharedArchive"))) {
            return null;                                  // CDS off, or the caller chose their own
        }
        try {
            List<Path> classes = kitClasses();
            if (classes == null) {
                return null;
            }
            Path dir = directory();
            String key = hash(java, options, classes);
            WorkerArchive a = new WorkerArchive(dir.resolve("kit-" + key + ".jar"), dir.resolve("kit-" + key + ".jsa"));
            if (Files.isRegularFile(a.archive) && Files.isRegularFile(a.jar)) {
                touch(a.archive);
                return a;
            }
            Files.createDirectories(dir);
            removeStale(dir);
            a.writeJar(classes);
            return a.dump(java, options) ? a : null;
        } catch (IOException | RuntimeException e) {
            return null;                                  // no archive: workers start as before
        }
    }

    /** Marks an archive as in use, so it is not taken for stale; a file we may not touch is simply used. */
    private static void touch(Path archive) {
        try {
            Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // someone else's cache folder: use it as it is
        }
    }

    /** Pairs unused for {@value #STALE_DAYS} days (an old JDK, an old kit): a new pair replaces them anyway. */
    private static void removeStale(Path dir) throws IOException {
        Instant limit = Instant.now().minus(Duration.ofDays(STALE_DAYS));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jsa : files.filter(p -> p.getFileName().toString().matches("kit-[0-9a-f]+\\.jsa")).collect(Collectors.toList())) {
                if (Files.getLastModifiedTime(jsa).toInstant().isBefore(limit)) {
                    Files.deleteIfExists(jsa);
                    Files.deleteIfExists(jsa.resolveSibling(jsa.getFileName().toString().replace(".jsa", ".jar")));
                }
            }
        }
    }

    static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("kit-multiprocessing");
    }

    /** The kit's class files, if they are in a folder (the jar case: a jar on the class path works as it is). */
    private static List<Path> kitClasses() throws IOException {
        Path root;
        try {
            root = Path.of(WorkerArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
        Path dir = root.resolve(PACKAGE_PATH);
        if (!Files.isDirectory(dir)) {
            return null;                                  // run from a jar: not needed for `mvn test`, left out
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
    }

    private static String hash(String java, List<String> options, List<Path> classes) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> vmOptions = options.stream().filter(o -> !o.startsWith("-D")).collect(Collectors.toList());
            sha.update((java + '\n' + System.getProperty("java.vm.version") + '\n' + String.join("\n", vmOptions))
                    .getBytes(StandardCharsets.UTF_8));   // system properties do not matter to CDS
            for (Path c : classes) {
                sha.update(c.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(c));
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : sha.digest()) {
                hex.append(String.format("%02x", b));
            }
            return hex.substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    /** Writes the jar (to a temporary name, then moved into place, so a reader never sees half a jar). */
    private void writeJar(List<Path> classes) throws IOException {
        Path tmp = temporary(jar);
        try {
            try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file)) {
                for (Path c : classes) {
                    JarEntry entry = new JarEntry(PACKAGE_PATH + c.getFileName());
                    entry.setLastModifiedTime(JAR_TIME);
                    out.putNextEntry(entry);
                    out.write(Files.readAllBytes(c));
                    out.closeEntry();
                }
            }
            Files.setLastModifiedTime(tmp, JAR_TIME);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Runs a worker that warms up and exits, dumping the classes it loaded; false if no archive came out. */
    private boolean dump(String java, List<String> options) throws IOException {
        Path tmp = temporary(archive);
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(options);
        cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
        cmd.add("-Xlog:cds*=off:stderr");
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add(Worker.class.getName());
        cmd.add(Worker.ARCHIVE_RUN);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream out = p.getInputStream()) {
            out.transferTo(OutputStream.nullOutputStream());   // not read, it could block the dump
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                return false;
            }
            Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temporary(Path target) {
        return target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }
}
