package lessons.races;

/**
 * Publishing through a volatile flag, the fix. A volatile write is a release: everything written
 * before it (the result) is visible to a thread whose volatile read sees the new value (an acquire).
 * So write the result first, then the flag; read the flag first, then the result.
 */
public class VolatileFlagResult implements ResultBox {

    private int result;     // plain is fine: the volatile flag orders it
    private boolean ready; // TODO: which keyword makes this flag publish the result safely?

    @Override
    public void publish(int value) {
        throw new UnsupportedOperationException("TODO: store the result, then set the flag (the order matters)");
    }

    @Override
    public int poll() {
        throw new UnsupportedOperationException("TODO: read the flag first; only if it is set read and return the result, else NOT_READY");
    }
}
