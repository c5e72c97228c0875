package lessons.sharedmemory;

import kit.multiprocessing.Pool;
import kit.multiprocessing.SharedMemory;

import java.util.Arrays;

/**
 * The tutorial's experiment: n = 200, a = 1s, b = 2s, c written by worker processes into shared memory and read
 * here ({@code [3, 3, 3, 3]}). Then the sizing mistake the tutorial made, in Java: a block of n <em>bytes</em>
 * for n ints.
 *
 * <p>Run it: {@code java -cp exercises/target/classes:multiprocessing/target/classes lessons.sharedmemory.SharedMemoryDemo}
 * (after {@code ./mvnw -q compile}), or from your IDE.
 */
public final class SharedMemoryDemo {

    private SharedMemoryDemo() {
    }

    public static void main(String[] args) throws Exception {
        int n = 200;
        int[] a = new int[n];
        int[] b = new int[n];
        Arrays.fill(a, 1);
        Arrays.fill(b, 2);
        try (Pool pool = new Pool(2)) {
            int[] c = SharedVectorAdd.add(pool, "demo-c", a, b);
            System.out.println("c[:4] = " + Arrays.toString(Arrays.copyOf(c, 4)) + ", every element 3: "
                    + Arrays.stream(c).allMatch(x -> x == 3));
            System.out.println("block left behind: " + SharedMemory.exists("demo-c"));
        }

        // The mistake: the size is in bytes. n bytes hold n / 4 ints; int index n / 4 is already outside.
        SharedMemory tooSmall = SharedMemory.create("demo-bytes", n);
        try {
            System.out.println(tooSmall.size() + " bytes hold " + tooSmall.intCapacity() + " ints, not " + n);
            tooSmall.putInt(n / 4, 3);
        } catch (IndexOutOfBoundsException e) {
            System.out.println("putInt(" + n / 4 + ", 3): " + e.getMessage());
        } finally {
            tooSmall.unlink();
        }
        // And Python's byte view: one byte per element keeps v mod 256 (Java bytes are signed: -128..127).
        SharedMemory bytes = SharedMemory.create("demo-byte-view", 4);
        try {
            bytes.putByte(0, (byte) 300);
            System.out.println("300 through a byte: " + bytes.getByte(0) + " (unsigned: " + (bytes.getByte(0) & 0xFF) + ")");
        } finally {
            bytes.unlink();
        }
    }
}
