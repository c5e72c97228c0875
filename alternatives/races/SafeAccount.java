package lessons.races;

import java.util.concurrent.locks.ReentrantLock;

/** Alternative: a ReentrantLock of its own around the check and the act, instead of synchronized. */
public class SafeAccount implements Account {

    private final ReentrantLock lock = new ReentrantLock();
    private long balance;

    public SafeAccount(long balance) {
        this.balance = balance;
    }

    @Override
    public boolean withdraw(long amount) {
        lock.lock();
        try {
            if (balance < amount) {
                return false;
            }
            balance -= amount;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long balance() {
        lock.lock();
        try {
            return balance;
        } finally {
            lock.unlock();
        }
    }
}
