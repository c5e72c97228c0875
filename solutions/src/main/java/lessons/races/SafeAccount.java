package lessons.races;

/**
 * Check-then-act, fixed: the check and the act happen under one lock, so no other withdrawal
 * can slip in between them. (Making {@code balance} volatile would not help: each access would be
 * visible, but the pair would still not be atomic.)
 */
public class SafeAccount implements Account {

    private long balance;

    public SafeAccount(long balance) {
        this.balance = balance;
    }

    @Override
    public boolean withdraw(long amount) {
        // BEGIN SOLUTION check the balance and take the money as one atomic step (hold this object's lock for both)
        synchronized (this) {
            if (balance >= amount) {
                balance -= amount;
                return true;
            }
            return false;
        }
        // END SOLUTION
    }

    @Override
    public long balance() {
        // BEGIN SOLUTION read the balance under the same lock
        synchronized (this) {
            return balance;
        }
        // END SOLUTION
    }
}
