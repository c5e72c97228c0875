package lessons.races;

import java.util.Optional;

/** Seats that the first caller to claim them owns. Many threads claim at once. */
public interface SeatRegistry {

    /** Gives {@code seat} to {@code owner} if nobody has it yet; returns whether this caller got it. */
    boolean claim(String seat, String owner);

    Optional<String> ownerOf(String seat);
}
