package lessons.races;

/**
 * The tutorial's experiment, given as a demonstration: start a writer and a reader thread at
 * the same time and see what the reader saw. Run it to count the "reading..." lines:
 * {@code java -cp exercises/target/classes lessons.races.MyObjectRace [runs]} (after {@code ./mvnw -q compile}).
 */
public final class MyObjectRace {

    /** Starts write() and read() on two threads, joins both, returns the value the reader saw. */
    public static int raceOnce(MyObject obj) throws InterruptedException {
        int[] seen = new int[1];
        Thread writer = new Thread(obj::write, "writer");
        Thread reader = new Thread(() -> seen[0] = obj.read(), "reader");
        writer.start();
        reader.start();   // nothing makes the reader wait for the writer: this is the race
        writer.join();
        reader.join();    // join() makes seen[0] visible here
        return seen[0];
    }

    public static void main(String[] args) throws InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int missed = 0;
        for (int i = 0; i < runs; i++) {
            if (raceOnce(new MyObject()) != MyObject.WRITTEN) {
                System.out.print("reading... ");
                missed++;
            }
        }
        System.out.println();
        System.out.println(missed + " of " + runs + " reads ran before the write.");
    }

    private MyObjectRace() {
    }
}
