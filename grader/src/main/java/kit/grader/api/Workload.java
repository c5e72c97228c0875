package kit.grader.api;

/**
 * One timed run of a variant. It returns what it computed: the harness keeps every result where the JIT must assume
 * it is used, so a loop whose result nobody reads cannot be deleted and timed as zero.
 */
@FunctionalInterface
public interface Workload {
    Object run() throws Exception;
}
