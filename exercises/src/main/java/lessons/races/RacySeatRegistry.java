package lessons.races;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Check-then-act on a thread-safe map, racy, given as a demonstration. Each call on a
 * {@link ConcurrentHashMap} is atomic, but two calls in a row are not: two threads both see
 * "no owner yet", both put, and both are told the seat is theirs. The second put silently
 * replaces the first owner.
 */
public class RacySeatRegistry implements SeatRegistry {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String seat, String owner) {
        if (!owners.containsKey(seat)) {   // check ...
            owners.put(seat, owner);       // ... then act, as two separate steps
            return true;
        }
        return false;
    }

    @Override
    public Optional<String> ownerOf(String seat) {
        return Optional.ofNullable(owners.get(seat));
    }
}
