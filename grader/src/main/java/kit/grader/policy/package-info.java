/**
 * The grader's policy over the student's bytecode: the APIs lesson code may not use ({@link kit.grader.policy.Rule}),
 * checked with ArchUnit before any lesson runs ({@link kit.grader.policy.Policy}).
 */
package kit.grader.policy;
