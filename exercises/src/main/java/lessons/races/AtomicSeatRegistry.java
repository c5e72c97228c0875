package lessons.races;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Check-then-act, fixed without a lock of our own: {@link ConcurrentHashMap#putIfAbsent} does the
 * check and the put as one atomic operation, and tells us who won.
 */
public class AtomicSeatRegistry implements SeatRegistry {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String seat, String owner) {
        throw new UnsupportedOperationException("TODO: claim the seat with one atomic map operation (putIfAbsent) and report whether this caller won");
    }

    @Override
    public Optional<String> ownerOf(String seat) {
        return Optional.ofNullable(owners.get(seat));
    }
}
