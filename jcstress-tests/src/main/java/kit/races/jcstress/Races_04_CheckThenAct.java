package kit.races.jcstress;

import lessons.races.Account;
import lessons.races.AtomicSeatRegistry;
import lessons.races.RacyAccount;
import lessons.races.RacySeatRegistry;
import lessons.races.SafeAccount;
import lessons.races.SeatRegistry;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZJ_Result;
import org.openjdk.jcstress.infra.results.ZZL_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Check-then-act: a decision made on a value another thread can change before the action.
 *
 * <p>Bank: an account holds 100, two actors each withdraw 60. Only one may succeed.
 * Result: "withdrawal 1 succeeded, withdrawal 2 succeeded, final balance".
 *
 * <p>Seats: two actors claim the same seat, for A and for B. Only one may be told it got it.
 * Result: "A was told yes, B was told yes, the seat's owner".
 *
 * <pre>java -cp jcstress-tests/target/jcstress.jar:exercises/target/classes org.openjdk.jcstress.Main -t Races_04_CheckThenAct</pre>
 */
public class Races_04_CheckThenAct {

    /** Given: check the balance, then subtract, as two steps. Both customers get the money. */
    @JCStressTest
    @Outcome(id = {"true, false, 40", "false, true, 40"}, expect = ACCEPTABLE, desc = "One withdrawal, one refusal.")
    @Outcome(id = "true, true, -20", expect = ACCEPTABLE_INTERESTING,
            desc = "Overdrawn: both passed the check before either subtracted.")
    @Outcome(id = "true, true, 40", expect = ACCEPTABLE_INTERESTING,
            desc = "Both paid out 60, the balance shows one withdrawal (lost update too).")
    @State
    public static class RacyWithdraw {
        final Account account = new RacyAccount(100);

        @Actor
        public void customer1(ZZJ_Result r) {
            r.r1 = account.withdraw(60);
        }

        @Actor
        public void customer2(ZZJ_Result r) {
            r.r2 = account.withdraw(60);
        }

        @Arbiter
        public void bank(ZZJ_Result r) {
            r.r3 = account.balance();
        }
    }

    /** Your fix: check and withdraw atomically. */
    @JCStressTest
    @Outcome(id = {"true, false, 40", "false, true, 40"}, expect = ACCEPTABLE, desc = "One withdrawal, one refusal.")
    @Outcome(id = "true, true, -20", expect = FORBIDDEN, desc = "Overdrawn: both passed the check before either subtracted.")
    @Outcome(id = "true, true, 40", expect = FORBIDDEN, desc = "Both paid out, one withdrawal lost.")
    @Outcome(expect = FORBIDDEN, desc = "Exactly one of the two withdrawals of 60 from 100 may succeed.")
    @State
    public static class SafeWithdraw {
        final Account account = new SafeAccount(100);

        @Actor
        public void customer1(ZZJ_Result r) {
            r.r1 = account.withdraw(60);
        }

        @Actor
        public void customer2(ZZJ_Result r) {
            r.r2 = account.withdraw(60);
        }

        @Arbiter
        public void bank(ZZJ_Result r) {
            r.r3 = account.balance();
        }
    }

    /** Given: containsKey, then put, on a ConcurrentHashMap. Both are told they got the seat. */
    @JCStressTest
    @Outcome(id = {"true, false, A", "false, true, B"}, expect = ACCEPTABLE, desc = "One claim won, the other was refused.")
    @Outcome(id = {"true, true, A", "true, true, B"}, expect = ACCEPTABLE_INTERESTING,
            desc = "Both were told the seat is theirs: the second put replaced the first owner.")
    @State
    public static class RacyClaim {
        final SeatRegistry seats = new RacySeatRegistry();

        @Actor
        public void claimForA(ZZL_Result r) {
            r.r1 = seats.claim("12A", "A");
        }

        @Actor
        public void claimForB(ZZL_Result r) {
            r.r2 = seats.claim("12A", "B");
        }

        @Arbiter
        public void owner(ZZL_Result r) {
            r.r3 = seats.ownerOf("12A").orElse("nobody");
        }
    }

    /** Your fix: one atomic putIfAbsent. */
    @JCStressTest
    @Outcome(id = {"true, false, A", "false, true, B"}, expect = ACCEPTABLE, desc = "One claim won, the other was refused.")
    @Outcome(id = {"true, true, A", "true, true, B"}, expect = FORBIDDEN,
            desc = "Both were told the seat is theirs (check-then-act is not atomic).")
    @Outcome(expect = FORBIDDEN, desc = "Exactly one claim wins, and the winner owns the seat.")
    @State
    public static class AtomicClaim {
        final SeatRegistry seats = new AtomicSeatRegistry();

        @Actor
        public void claimForA(ZZL_Result r) {
            r.r1 = seats.claim("12A", "A");
        }

        @Actor
        public void claimForB(ZZL_Result r) {
            r.r2 = seats.claim("12A", "B");
        }

        @Arbiter
        public void owner(ZZL_Result r) {
            r.r3 = seats.ownerOf("12A").orElse("nobody");
        }
    }
}
