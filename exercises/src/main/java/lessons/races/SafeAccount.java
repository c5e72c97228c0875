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
        throw new UnsupportedOperationException("TODO: check the balance and take the money as one atomic step (hold this object's lock for both)");
    }

    @Override
    public long balance() {
        throw new UnsupportedOperationException("TODO: read the balance under the same lock");
    }
}
