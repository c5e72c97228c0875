package kit.grader.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class CountingLockTest {

    @Test
    void counts_every_acquisition_by_thread_and_nothing_for_a_failed_tryLock() throws Exception {
        CountingLock lock = new CountingLock();
        lock.lock();
        lock.unlock();
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
        assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
        lock.unlock();
        lock.lockInterruptibly();
        boolean[] otherGotIt = {true};
        Thread other = new Thread(() -> otherGotIt[0] = lock.tryLock());
        other.start();
        other.join();
        lock.unlock();
        assertThat(otherGotIt[0]).as("tryLock while another thread holds it").isFalse();
        assertThat(lock.acquisitions()).isEqualTo(4);
        assertThat(lock.acquisitionsBy(Thread.currentThread())).isEqualTo(4);
        assertThat(lock.acquisitionsBy(other)).isZero();
        assertThat(lock.takenBy()).containsExactly(Thread.currentThread());

        Thread taker = new Thread(() -> {
            lock.lock();
            lock.unlock();
        });
        taker.start();
        taker.join();
        assertThat(lock.acquisitions()).isEqualTo(5);
        assertThat(lock.acquisitionsBy(taker)).isEqualTo(1);
        assertThat(lock.takenBy()).containsExactlyInAnyOrder(Thread.currentThread(), taker);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void keeps_the_most_steps_done_in_one_hold() {
        CountingLock lock = new CountingLock();
        for (int steps : new int[] {3, 7, 2}) {
            lock.lock();
            try {
                for (int i = 0; i < steps; i++) {
                    assertThat(lock.step()).isTrue();
                }
            } finally {
                lock.unlock();
            }
        }
        assertThat(lock.mostStepsInOneHold()).isEqualTo(7);
        assertThat(lock.step()).as("a step without holding the lock is not counted").isFalse();
        lock.lock();
        lock.unlock();
        assertThat(lock.mostStepsInOneHold()).isEqualTo(7);
    }

    @Test
    void tells_who_holds_it_and_whether_someone_waits() throws Exception {
        CountingLock lock = new CountingLock(true);
        lock.lock();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(lock.isLocked()).isTrue();
        Thread waiter = new Thread(() -> {
            lock.lock();
            lock.unlock();
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lock.hasQueuedThreads() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(lock.hasQueuedThreads()).isTrue();
        assertThat(lock.toString()).contains("taken 1 times", "locked");
        lock.unlock();
        waiter.join();
        assertThat(lock.hasQueuedThreads()).isFalse();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(lock.acquisitionsBy(waiter)).isEqualTo(1);
        assertThat(lock.newCondition()).isNotNull();
    }
}
