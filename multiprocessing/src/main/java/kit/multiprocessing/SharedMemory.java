package kit.multiprocessing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A named block of memory that several processes can read and write: the counterpart of Python's
 * {@code multiprocessing.shared_memory.SharedMemory}.
 *
 * <p>The block is a file mapped into memory: in {@code /dev/shm} on Linux (a RAM file system, so
 * nothing touches the disk), in the temp folder elsewhere. The file is called {@code kit-<name>},
 * which is how {@link #leftovers()} finds blocks that were never unlinked. The creator
 * {@linkplain #create(String, long) creates} the block; other processes (pool workers, for
 * instance) {@linkplain #attach(String) attach} to it <em>by name</em>: send the name to a task,
 * never the object.
 *
 * <pre>{@code
 * try (SharedMemory c = SharedMemory.create("c", n * Integer.BYTES); Pool pool = new Pool(2)) {
 *     String name = c.name();
 *     List<Future<Long>> done = new ArrayList<>();
 *     for (int w = 0; w < 2; w++) {
 *         int from = w * n / 2, to = (w + 1) * n / 2;
 *         done.add(pool.submit(() -> {
 *             try (SharedMemory shm = SharedMemory.attach(name)) {   // in the worker process
 *                 for (int i = from; i < to; i++) shm.putInt(i, 3);
 *             }
 *             return ProcessHandle.current().pid();
 *         }));
 *     }
 *     for (Future<Long> f : done) f.get();                          // wait for the writers
 *     System.out.println(c.getInt(0));                              // 3: written by a worker
 *     c.unlink();                                                   // the creator removes the block
 * }
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * <ul>
 * <li>{@link #close()} ends <em>this</em> handle's access (later calls throw
 *     {@link IllegalStateException}); the block lives on for other processes.</li>
 * <li>{@link #unlink()} removes the block's name; processes that are attached keep their memory
 *     until they close. Call it once, usually in the creator, when every process is done.</li>
 * <li>A block outlives a creator that dies without unlinking it (even a clean exit does not unlink).
 *     It stays in memory until unlinked: {@link #leftovers()} lists such blocks and
 *     {@link #unlinkLeftovers()} removes them.</li>
 * </ul>
 *
 * <p>Elements are read and written by <em>element</em> index: {@code putInt(i, v)} writes bytes
 * {@code 4*i .. 4*i+3}, {@code putDouble(i, v)} bytes {@code 8*i .. 8*i+7}, in the machine's
 * native byte order. The memory has no locks and no ordering guarantees between processes beyond
 * what the operating system gives: let each process write its own part, and read after the
 * writers' futures completed (as above).
 */
public final class SharedMemory implements AutoCloseable {
    /** The prefix of every block's file name, so the kit's blocks can be found and cleaned up. */
    public static final String FILE_PREFIX = "kit-";
    /**
     * The system property that moves blocks to another folder (a private one for a test run, for
     * instance). A {@link Pool} passes it on to its workers, so they attach in the same folder.
     */
    public static final String DIRECTORY_PROPERTY = "kit.shm.dir";
    /** The largest block: one mapping of at most 2 GiB - 1 bytes. */
    public static final long MAX_SIZE = Integer.MAX_VALUE;

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

    /** This process's mappings, by file key (device and inode): see {@link #mapping}. */
    private static final Map<Object, WeakReference<MappedByteBuffer>> MAPPINGS = new HashMap<>();

    private final String name;
    private final int size;
    private final Path file;
    private MappedByteBuffer buffer; // null once closed

    private SharedMemory(String name, Path file, MappedByteBuffer buffer) {
        this.name = name;
        this.file = file;
        this.size = buffer.capacity();
        this.buffer = buffer;
        buffer.order(ByteOrder.nativeOrder());
    }

    /**
     * Creates a new block of {@code size} bytes, all zero.
     *
     * @param name letters, digits, {@code . _ -} (not first), at most 200 characters
     * @param size the size in bytes, from 1 to {@link #MAX_SIZE}
     * @return the creator's handle
     * @throws IllegalArgumentException for an invalid name or size, or a size above the free space
     * @throws IllegalStateException if a block with this name exists
     * @throws UncheckedIOException if the file system refuses
     */
    public static SharedMemory create(String name, long size) {
        checkName(name);
        Path dir = directory();
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1 byte, got " + size);
        }
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("size " + size + " is too large: one block holds at most "
                    + MAX_SIZE + " bytes (2 GiB - 1)");
        }
        Path file = dir.resolve(FILE_PREFIX + name);
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (size > free) {
                throw new IllegalArgumentException("size " + size + " is too large: only " + free
                        + " bytes are free in " + dir);
            }
            // Build the block under a temporary name and link it into place: nobody can attach to a
            // block whose size is not set yet, and an existing block is never overwritten.
            Path tmp = dir.resolve(FILE_PREFIX + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[1]), size - 1); // sets the length; the rest stays sparse
                MappedByteBuffer buffer = mapping(Files.readAttributes(tmp, BasicFileAttributes.class).fileKey(),
                        channel, size);
                try {
                    Files.createLink(file, tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, file); // no hard links here: not atomic, but refuses to overwrite
                }
                return new SharedMemory(name, file, buffer);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("shared memory '" + name + "' already exists (" + file
                    + "): attach to it, or unlink it first");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create shared memory '" + name + "' (" + file + ")", e);
        }
    }

    /**
     * Creates a new block with a fresh random name, like Python's {@code SharedMemory(create=True, size=...)}.
     *
     * @param size the size in bytes, from 1 to {@link #MAX_SIZE}
     * @return the creator's handle; {@link #name()} tells the name to pass to other processes
     */
    public static SharedMemory create(long size) {
        return create("shm-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1), size);
    }

    /**
     * Attaches to an existing block, typically in another process.
     *
     * @param name the block's {@link #name()}
     * @return a handle to the same memory
     * @throws IllegalArgumentException if there is no block with this name, or the name is invalid
     */
    public static SharedMemory attach(String name) {
        checkName(name);
        Path file = directory().resolve(FILE_PREFIX + name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < 1 || size > MAX_SIZE) {
                throw new IllegalStateException("shared memory '" + name + "' has an unusable size " + size + " (" + file + ")");
            }
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return new SharedMemory(name, file, mapping(key, channel, size));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no shared memory named '" + name + "' (looked for " + file
                    + "): was it created, or already unlinked?");
        } catch (IOException e) {
            throw new UncheckedIOException("could not attach to shared memory '" + name + "' (" + file + ")", e);
        }
    }

    /**
     * This process's mapping of a block, shared by all its handles. The first write to each page of
     * a new mapping costs a page fault (a few microseconds each: about 0.5 s per 100 MB on a busy
     * virtual machine), so a pool worker that attaches to the same block task after task reuses its
     * mapping instead of paying that again. Weakly held: the JVM unmaps it after the last handle
     * is gone and a garbage collection ran.
     */
    private static MappedByteBuffer mapping(Object key, FileChannel channel, long size) throws IOException {
        if (key == null) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        synchronized (MAPPINGS) {
            MAPPINGS.values().removeIf(ref -> ref.get() == null);
            WeakReference<MappedByteBuffer> ref = MAPPINGS.get(key);
            MappedByteBuffer mapped = ref == null ? null : ref.get();
            if (mapped == null || mapped.capacity() != size) {
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
                MAPPINGS.put(key, new WeakReference<>(mapped));
            }
            return (MappedByteBuffer) mapped.duplicate(); // own position/order; keeps the mapping alive
        }
    }

    /**
     * @param name a block's name
     * @return whether a block with this name exists
     */
    public static boolean exists(String name) {
        checkName(name);
        return Files.exists(directory().resolve(FILE_PREFIX + name));
    }

    /** @return the block's name, which other processes pass to {@link #attach(String)} */
    public String name() {
        return name;
    }

    /** @return the size in bytes */
    public int size() {
        return size;
    }

    /** @return the file behind the block (in {@code /dev/shm} on Linux) */
    public Path file() {
        return file;
    }

    /**
     * @param index the byte index
     * @return the byte at byte index {@code index}
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public byte getByte(int index) {
        return open().get(checkIndex(index, 1, "byte"));
    }

    /**
     * Writes the byte at byte index {@code index}.
     *
     * @param index the byte index
     * @param value the value
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public void putByte(int index, byte value) {
        open().put(checkIndex(index, 1, "byte"), value);
    }

    /**
     * @param index the element index: bytes {@code 4*index} to {@code 4*index+3}
     * @return the int there
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public int getInt(int index) {
        return open().getInt(checkIndex(index, Integer.BYTES, "int"));
    }

    /**
     * Writes the int at element index {@code index}.
     *
     * @param index the element index
     * @param value the value
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public void putInt(int index, int value) {
        open().putInt(checkIndex(index, Integer.BYTES, "int"), value);
    }

    /**
     * @param index the element index: bytes {@code 8*index} to {@code 8*index+7}
     * @return the long there
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public long getLong(int index) {
        return open().getLong(checkIndex(index, Long.BYTES, "long"));
    }

    /**
     * Writes the long at element index {@code index}.
     *
     * @param index the element index
     * @param value the value
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public void putLong(int index, long value) {
        open().putLong(checkIndex(index, Long.BYTES, "long"), value);
    }

    /**
     * @param index the element index: bytes {@code 8*index} to {@code 8*index+7}
     * @return the double there
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public double getDouble(int index) {
        return open().getDouble(checkIndex(index, Double.BYTES, "double"));
    }

    /**
     * Writes the double at element index {@code index}.
     *
     * @param index the element index
     * @param value the value
     * @throws IndexOutOfBoundsException if {@code index} is outside the block
     * @throws IllegalStateException if this handle is closed
     */
    public void putDouble(int index, double value) {
        open().putDouble(checkIndex(index, Double.BYTES, "double"), value);
    }

    /**
     * Copies {@code values} into the block, element index {@code index} on: one bulk copy, the way to move a large
     * array between processes without the pipe (see the README's figures). For example, in the parent
     * {@code shm.putLongs(0, data)}, send {@code shm.name()}, and in the task {@code shm.getLongs(0, copy)}, or
     * better, work on the shared memory in place.
     *
     * @throws IndexOutOfBoundsException if the values do not fit from {@code index} on
     * @throws IllegalStateException if this handle is closed
     */
    public void putLongs(int index, long[] values) {
        open().asLongBuffer().put(checkRange(index, values.length, Long.BYTES, "long"), values, 0, values.length);
    }

    /**
     * Copies {@code into.length} longs from element index {@code index} on into {@code into}: one bulk copy.
     *
     * @throws IndexOutOfBoundsException if the block holds fewer longs from {@code index} on
     * @throws IllegalStateException if this handle is closed
     */
    public void getLongs(int index, long[] into) {
        open().asLongBuffer().get(checkRange(index, into.length, Long.BYTES, "long"), into, 0, into.length);
    }

    /** Like {@link #putLongs}, for doubles. */
    public void putDoubles(int index, double[] values) {
        open().asDoubleBuffer().put(checkRange(index, values.length, Double.BYTES, "double"), values, 0, values.length);
    }

    /** Like {@link #getLongs}, for doubles. */
    public void getDoubles(int index, double[] into) {
        open().asDoubleBuffer().get(checkRange(index, into.length, Double.BYTES, "double"), into, 0, into.length);
    }

    /** Like {@link #putLongs}, for ints. */
    public void putInts(int index, int[] values) {
        open().asIntBuffer().put(checkRange(index, values.length, Integer.BYTES, "int"), values, 0, values.length);
    }

    /** Like {@link #getLongs}, for ints. */
    public void getInts(int index, int[] into) {
        open().asIntBuffer().get(checkRange(index, into.length, Integer.BYTES, "int"), into, 0, into.length);
    }

    /** @return how many ints fit: {@code size() / 4} */
    public int intCapacity() {
        return size / Integer.BYTES;
    }

    /** @return how many longs (or doubles) fit: {@code size() / 8} */
    public int longCapacity() {
        return size / Long.BYTES;
    }

    /**
     * Ends this handle's access; the block itself lives on until {@link #unlink()}. Calling it
     * again does nothing. (The JVM releases the mapping itself when it is no longer reachable.)
     */
    @Override
    public void close() {
        buffer = null;
    }

    /**
     * Removes the block's name, like deleting a file: nobody can attach any more, and the memory is
     * freed once every process has closed it. Works on a closed handle too.
     *
     * @return true if this call removed the block, false if it was already gone
     */
    public boolean unlink() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unlink shared memory '" + name + "' (" + file + ")", e);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size + " bytes" + (buffer == null ? ", closed" : "") + "]";
    }

    /**
     * The kit's blocks that exist now, by name: blocks still in use, and blocks whose creator ended
     * without {@link #unlink()} (they stay in memory until unlinked).
     *
     * @return the names, sorted
     */
    public static List<String> leftovers() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory(), FILE_PREFIX + "*")) {
            for (Path f : files) {
                names.add(f.getFileName().toString().substring(FILE_PREFIX.length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + directory(), e);
        }
        Collections.sort(names);
        return names;
    }

    /**
     * Unlinks every block {@link #leftovers()} lists. Only for when no process uses them any more,
     * for example after a test run: processes still attached keep their memory, but nobody can
     * attach again.
     *
     * @return the names that were unlinked
     */
    public static List<String> unlinkLeftovers() {
        List<String> removed = new ArrayList<>();
        for (String leftover : leftovers()) {
            try {
                if (Files.deleteIfExists(directory().resolve(FILE_PREFIX + leftover))) {
                    removed.add(leftover);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not unlink " + leftover, e);
            }
        }
        return removed;
    }

    /**
     * Where blocks live: {@code /dev/shm} if it exists (Linux), the temp folder otherwise. The system
     * property {@value #DIRECTORY_PROPERTY} overrides both.
     *
     * @return the folder
     */
    public static Path directory() {
        String override = System.getProperty(DIRECTORY_PROPERTY);
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private MappedByteBuffer open() {
        MappedByteBuffer b = buffer;
        if (b == null) {
            throw new IllegalStateException("shared memory '" + name + "' is closed");
        }
        return b;
    }

    private int checkIndex(int index, int width, String type) {
        int capacity = size / width;
        if (index < 0 || index >= capacity) {
            throw new IndexOutOfBoundsException(type + " index " + index + " is out of bounds for shared memory '"
                    + name + "': capacity " + capacity + " " + type + "s (" + size + " bytes)");
        }
        return index * width;
    }

    /** The element index of a range of {@code count} elements from {@code index}, checked. */
    private int checkRange(int index, int count, int width, String type) {
        int capacity = size / width;
        if (index < 0 || index > capacity - count) {
            throw new IndexOutOfBoundsException(count + " " + type + "s from index " + index
                    + " do not fit in shared memory '" + name + "': capacity " + capacity + " " + type + "s");
        }
        return index;
    }

    private static void checkName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("shared memory name must not be null");
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid shared memory name '" + name + "': use 1 to 200 letters,"
                    + " digits, '.', '_' or '-' (not first), and no path separators");
        }
    }
}
