/**
 * Lesson 3: races.
 *
 * <p>Each idea comes as a pair. The racy class is given: it is the demonstration, and
 * jcstress shows its race. The fixed class is what you implement: jcstress and the graded
 * JUnit tests prove that it never shows the race.
 *
 * <ul>
 *   <li>{@link lessons.races.MyObject} (the tutorial's write/read race), {@link lessons.races.MyObjectRace};
 *       fixed by ordering: {@link lessons.races.MyObjectInOrder}, {@link lessons.races.LatchedMyObject}</li>
 *   <li>lost updates: {@link lessons.races.PlainCounter}; fixed: {@link lessons.races.SynchronizedCounter},
 *       {@link lessons.races.AtomicCounter}, {@link lessons.races.LongAdderCounter}</li>
 *   <li>writes into a shared array: {@link lessons.races.ClaimNextSlotResults};
 *       fixed: {@link lessons.races.ChunkOwnedResults}</li>
 *   <li>check-then-act: {@link lessons.races.RacyAccount}, {@link lessons.races.RacySeatRegistry};
 *       fixed: {@link lessons.races.SafeAccount}, {@link lessons.races.AtomicSeatRegistry}</li>
 *   <li>publishing a result: {@link lessons.races.PlainFlagResult};
 *       fixed: {@link lessons.races.VolatileFlagResult}, {@link lessons.races.LatchResult}</li>
 * </ul>
 */
package lessons.races;
