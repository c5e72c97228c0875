package lessons.races;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Alternative: computeIfAbsent, whose function runs only for the caller that puts the owner in. */
public class AtomicSeatRegistry implements SeatRegistry {

    private final ConcurrentMap<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String seat, String owner) {
        AtomicBoolean won = new AtomicBoolean();
        owners.computeIfAbsent(seat, free -> {
            won.set(true);
            return owner;
        });
        return won.get();
    }

    @Override
    public Optional<String> ownerOf(String seat) {
        return Optional.ofNullable(owners.get(seat));
    }
}
