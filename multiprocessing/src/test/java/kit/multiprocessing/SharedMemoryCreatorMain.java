package kit.multiprocessing;

/** For {@link SharedMemoryBlockTest}: creates a block, fills it, says so, and waits to be killed. */
public final class SharedMemoryCreatorMain {
    private SharedMemoryCreatorMain() {
    }

    public static void main(String[] args) throws Exception {
        SharedMemory shm = SharedMemory.create(args[0], 1024);
        for (int i = 0; i < shm.intCapacity(); i++) {
            shm.putInt(i, i * 7);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
