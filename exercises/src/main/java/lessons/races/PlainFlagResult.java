package lessons.races;

/**
 * Publishing through a plain flag, racy, given as a demonstration.
 *
 * <p>Nothing forbids the JIT compiler (or a weaker CPU than x86) to reorder the writer's two stores
 * or the reader's two loads, because the fields are plain. A reader can then see
 * {@code ready == true} and still read the old {@code result}: 0, a value nobody published.
 * A plain flag in a spin loop has a second problem: the JIT may read it once and spin forever.
 */
public class PlainFlagResult implements ResultBox {

    private int result;
    private boolean ready;     // plain: no ordering, no visibility promise

    @Override
    public void publish(int value) {
        result = value;
        ready = true;          // may become visible before result does
    }

    @Override
    public int poll() {
        if (ready) {
            return result;     // may still read the old result
        }
        return NOT_READY;
    }
}
