package lessons.races;

/** A bank account that several threads withdraw from at once. */
public interface Account {

    /** Takes {@code amount} out if the balance covers it; returns whether it did. */
    boolean withdraw(long amount);

    long balance();
}
