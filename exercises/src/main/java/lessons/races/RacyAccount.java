package lessons.races;

/**
 * Check-then-act, racy, given as a demonstration. Two threads both check "is there enough?",
 * both see yes, both take the money: the account is overdrawn (or one withdrawal is lost).
 * The check is stale by the time the thread acts on it.
 */
public class RacyAccount implements Account {

    private long balance;

    public RacyAccount(long balance) {
        this.balance = balance;
    }

    @Override
    public boolean withdraw(long amount) {
        if (balance >= amount) {      // check ...
            balance -= amount;        // ... then act: another thread may have acted in between
            return true;
        }
        return false;
    }

    @Override
    public long balance() {
        return balance;
    }
}
