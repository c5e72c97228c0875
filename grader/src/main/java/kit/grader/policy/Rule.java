package kit.grader.policy;

/**
 * The kinds of code the grader's policy refuses in lesson code, each with the reason a student reads.
 * {@link Policy} decides which use falls under which rule.
 */
public enum Rule {
    REFLECTION("reflection and method-handle lookups can reach into the grader's own classes; no lesson needs them "
            + "(a VarHandle from MethodHandles.lookup().findVarHandle is fine)"),
    JDK_INTERNALS("JDK and kit internals (sun.misc.Unsafe, jdk.internal, com.sun) bypass Java's access checks and "
            + "memory model"),
    FILES("files and channels are outside the lessons: share data between processes through the kit's SharedMemory"),
    PROCESSES("processes are started only by the kit's Pool (new Pool(n)), without JVM options, a class path of "
            + "your own or spare workers"),
    EXIT("ending the JVM or hooking its shutdown is the grader's job: return a result or throw an exception instead"),
    JVM_SETTINGS("the JVM's standard streams, system properties and console belong to the grader"),
    STACK_INSPECTION("inspecting stacks and the JVM's threads shows which test is calling; compute the answer from "
            + "the arguments alone"),
    CLASS_LOADING("class loaders, resources, modules and service loaders can replace the grader's classes"),
    NATIVE_CODE("native code (JNI, System.loadLibrary, native methods) is outside the Java these lessons teach"),
    NETWORK("networking is not part of any lesson"),
    GRADER_CLASSES("the grader's, JUnit's and the graded tests' own classes are not for lesson code");

    private final String why;

    Rule(String why) {
        this.why = why;
    }

    /** Why the use is refused, in words a student can act on. */
    public String why() {
        return why;
    }
}
