package kit.grader.policy;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import kit.grader.api.Allowance;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The grader's policy over student code, checked on the compiled classes (read by ArchUnit, never loaded) before a
 * lesson runs: what no lesson needs and what would let lesson code reach the grader (reflection, files, processes,
 * exit, JVM settings, stack inspection, class loading, native code, networking, the grader's own classes) is refused,
 * unless the lesson {@linkplain kit.grader.api.Lesson#allows() allows} it. Any correct solution, in any style, passes:
 * threads, executors, locks, atomics, VarHandles, streams, the kit's Pool and SharedMemory are all allowed.
 */
public final class Policy {

    /**
     * One refused use.
     *
     * @param className the lesson class that uses it
     * @param where     the method (or field, or the class itself) and its source line, "joinAll (Threads.java:42)"
     * @param use       what it uses, "calls System.setProperty(String, String)"
     * @param rule      why that is refused
     * @param line      the source line, 0 when unknown
     */
    public record Violation(String className, String where, String use, Rule rule, int line) {
        /** One line a student can act on: class, method, line, the call, and why it is not allowed. */
        public String message() {
            return className + "." + where + " " + use + ": not allowed, " + rule.why() + ".";
        }
    }

    private final Set<Allowance> allowances;
    private final Set<String> artifactClasses;

    private Policy(Set<Allowance> allowances, Set<String> artifactClasses) {
        this.allowances = allowances;
        this.artifactClasses = artifactClasses;
    }

    /**
     * Reads the class files of a graded artifact (folders and jars, in class-path order) without loading any of them.
     * Where two entries hold the same class, the first one counts, as it does for the JVM.
     */
    public static JavaClasses read(List<Path> entries) {
        List<Path> paths = entries.stream().map(e -> e.toAbsolutePath().normalize()).toList();
        Map<String, Integer> firstEntry = new HashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            for (String name : classFiles(paths.get(i))) {
                firstEntry.putIfAbsent(name, i);
            }
        }
        ImportOption firstOnly = location -> {
            String uri = location.asURI().toString();
            for (int i = 0; i < paths.size(); i++) {
                String name = nameIn(paths.get(i), uri);
                if (name != null) {
                    return firstEntry.getOrDefault(name, i) == i;
                }
            }
            return true;
        };
        List<Location> locations = new ArrayList<>();
        for (Path path : paths) {
            locations.add(Files.isDirectory(path) ? Location.of(path) : Location.of(jar(path)));
        }
        return new ClassFileImporter().withImportOption(firstOnly).importLocations(locations);
    }

    private static JarFile jar(Path path) {
        try {
            return new JarFile(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the graded artifact " + path, e);
        }
    }

    /** The class file's name within a class-path entry ("lessons/a/B.class"), or null if it is not in that entry. */
    static String nameIn(Path entry, String uri) {
        if (uri.startsWith("jar:")) {
            int bang = uri.indexOf("!/");
            return bang > 0 && Path.of(java.net.URI.create(uri.substring(4, bang))).equals(entry) ? uri.substring(bang + 2) : null;
        }
        Path file = Path.of(java.net.URI.create(uri));
        return file.startsWith(entry) ? entry.relativize(file).toString().replace('\\', '/') : null;
    }

    private static List<String> classFiles(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    return files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> entry.relativize(f).toString().replace('\\', '/')).toList();
                }
            }
            try (JarFile jar = new JarFile(entry.toFile())) {
                return jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the graded artifact " + entry, e);
        }
    }

    /** Every use in the classes of {@code lessonPackage} (and below) that the policy refuses, in source order. */
    public static List<Violation> check(JavaClasses artifact, String lessonPackage, Set<Allowance> allowances) {
        Set<String> names = artifact.stream().map(JavaClass::getName).collect(Collectors.toSet());
        Policy policy = new Policy(allowances, names);
        List<Violation> violations = new ArrayList<>();
        artifact.stream()
                .filter(c -> c.getPackageName().equals(lessonPackage) || c.getPackageName().startsWith(lessonPackage + "."))
                .sorted(Comparator.comparing(JavaClass::getName))
                .forEach(c -> violations.addAll(policy.check(c)));
        return violations;
    }

    /** The lesson packages ({@code lessons.x}) that the classes of a package use, besides itself. */
    public static Set<String> lessonPackagesUsedBy(JavaClasses classes, String lessonPackage) {
        return classes.stream().filter(c -> c.getPackageName().equals(lessonPackage))
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .map(d -> packageOf(baseTypeName(d.getTargetClass())))
                .filter(p -> p.startsWith("lessons.") && !p.equals(lessonPackage))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** "lessons.globallock" for "lessons.globallock.GlobalLock$Holder". */
    public static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private List<Violation> check(JavaClass type) {
        Set<Violation> found = new LinkedHashSet<>();
        for (JavaAccess<?> access : type.getAccessesFromSelf()) {
            accessRule(access.getTarget()).ifPresent(rule -> found.add(new Violation(type.getName(),
                    where(access.getOrigin(), access.getLineNumber()), "uses " + describe(access.getTarget()), rule,
                    access.getLineNumber())));
        }
        for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
            String target = baseTypeName(dependency.getTargetClass());
            typeRule(target).ifPresent(rule -> found.add(new Violation(type.getName(),
                    whereOf(dependency), "uses " + simple(target), rule,
                    dependency.getSourceCodeLocation().getLineNumber())));
        }
        for (JavaMethod method : type.getMethods()) {
            if (method.getModifiers().contains(JavaModifier.NATIVE)) {
                found.add(new Violation(type.getName(), method.getName() + " (" + sourceFile(type) + ")", "is a native method",
                        Rule.NATIVE_CODE, 0));
            }
        }
        return found.stream().sorted(Comparator.comparingInt(Violation::line).thenComparing(Violation::use)).toList();
    }

    /** The rule a call, constructor call or field access breaks, if any. */
    Optional<Rule> accessRule(AccessTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        List<String> parameters = target instanceof AccessTarget.CodeUnitAccessTarget unit
                ? unit.getRawParameterTypes().stream().map(JavaClass::getName).toList() : List.of();
        if (allowed(owner, name)) {
            return Optional.empty();
        }
        // Inherited by any class (a Throwable, a Thread subclass): matched by name whatever the owner.
        if (Set.of("getStackTrace", "setStackTrace", "getAllStackTraces").contains(name)
                || name.equals("printStackTrace") && !parameters.isEmpty()) {
            return Optional.of(Rule.STACK_INSPECTION);
        }
        if (Set.of("getContextClassLoader", "setContextClassLoader").contains(name)) {
            return Optional.of(Rule.CLASS_LOADING);
        }
        switch (owner) {
            case "java.lang.Class" -> {
                if (CLASS_METADATA.contains(name)) {
                    return Optional.empty();
                }
                return Optional.of(name.startsWith("getResource") || name.equals("getClassLoader") || name.equals("getModule")
                        ? Rule.CLASS_LOADING : Rule.REFLECTION);
            }
            case "java.lang.System" -> {
                return switch (name) {
                    case "exit" -> Optional.of(Rule.EXIT);
                    case "setOut", "setErr", "setIn", "setProperty", "setProperties", "clearProperty", "setSecurityManager",
                         "console" -> Optional.of(Rule.JVM_SETTINGS);
                    case "load", "loadLibrary", "mapLibraryName" -> Optional.of(Rule.NATIVE_CODE);
                    case "inheritedChannel" -> Optional.of(Rule.NETWORK);
                    default -> Optional.empty();
                };
            }
            case "java.lang.Runtime" -> {
                return switch (name) {
                    case "exit", "halt", "addShutdownHook", "removeShutdownHook" -> Optional.of(Rule.EXIT);
                    case "exec" -> Optional.of(Rule.PROCESSES);
                    case "load", "loadLibrary" -> Optional.of(Rule.NATIVE_CODE);
                    default -> Optional.empty();
                };
            }
            case "java.lang.ProcessHandle" -> {
                // which process runs this (lessons 05 to 08 record it), and nothing about any other process
                return Set.of("current", "pid").contains(name) ? Optional.empty() : Optional.of(Rule.PROCESSES);
            }
            case "java.lang.invoke.MethodHandles" -> {
                return Set.of("lookup", "arrayElementVarHandle").contains(name) ? Optional.empty() : Optional.of(Rule.REFLECTION);
            }
            case "java.lang.invoke.MethodHandles$Lookup" -> {
                return Set.of("findVarHandle", "findStaticVarHandle", "lookupClass").contains(name)
                        ? Optional.empty() : Optional.of(Rule.REFLECTION);
            }
            case "java.io.File" -> {
                return FILE_NAMES.contains(name) ? Optional.empty() : Optional.of(Rule.FILES);
            }
            case "java.nio.file.Path" -> {
                return name.equals("register") ? Optional.of(Rule.FILES) : Optional.empty();
            }
            case "java.io.PrintStream", "java.io.PrintWriter", "java.util.Formatter" -> {
                // new PrintStream("name") opens a file; new PrintStream(out) does not
                boolean opensAFile = name.equals("<init>") && !parameters.isEmpty() && parameters.get(0).equals("java.lang.String");
                return opensAFile ? Optional.of(Rule.FILES) : Optional.empty();
            }
            case "kit.multiprocessing.Pool$Builder" -> {
                return Set.of("jvmOptions", "classpath").contains(name) ? Optional.of(Rule.PROCESSES) : Optional.empty();
            }
            case "kit.multiprocessing.Pool" -> {
                // Spares are JVMs started for pools that do not exist yet: they would outlive the student's own pools.
                return name.equals("keepSpareWorkers") ? Optional.of(Rule.PROCESSES) : Optional.empty();
            }
            default -> {
                // no other case
            }
        }
        if (owner.startsWith("java.nio.file.") && FILE_SYSTEM_CLASSES.contains(owner.substring("java.nio.file.".length()))) {
            return Optional.of(Rule.FILES);
        }
        boolean library = !owner.startsWith("lessons.") && !owner.startsWith("java.nio.file.Path");
        if (library && (parameters.contains("java.io.File") || parameters.contains("java.nio.file.Path"))) {
            return Optional.of(Rule.FILES);   // new Scanner(file), ImageIO.write(image, "png", file), ...
        }
        return Optional.empty();
    }

    /** The rule that merely using a type breaks (as a field, parameter, superclass, cast, class literal), if any. */
    Optional<Rule> typeRule(String type) {
        if (type.startsWith("lessons.")) {
            return artifactClasses.contains(type) ? Optional.empty() : Optional.of(Rule.GRADER_CLASSES);
        }
        if (type.startsWith("java.lang.invoke.")) {
            return INVOKE_TYPES.contains(type) ? Optional.empty() : Optional.of(Rule.REFLECTION);
        }
        for (String[] entry : FORBIDDEN_TYPES) {
            String prefix = entry[0];
            if (prefix.endsWith(".") ? type.startsWith(prefix) : type.equals(prefix) || type.startsWith(prefix + "$")) {
                return Optional.of(Rule.valueOf(entry[1]));
            }
        }
        return Optional.empty();
    }

    private boolean allowed(String owner, String name) {
        return allowances.contains(Allowance.SAVE_CHART_AS_PNG)
                && (owner.equals("java.nio.file.Files") && name.equals("createDirectories")
                || owner.equals("org.jfree.chart.ChartUtils") && name.equals("saveChartAsPNG"));
    }

    /** What a class may ask of java.lang.Class: names and type tests, nothing that reaches members or resources. */
    static final Set<String> CLASS_METADATA = Set.of("getName", "getSimpleName", "getTypeName", "getCanonicalName",
            "getPackageName", "toString", "hashCode", "equals", "isInstance", "cast", "isArray", "getComponentType",
            "componentType", "arrayType", "isPrimitive", "isInterface", "isEnum", "isRecord", "isAnnotation",
            "isAssignableFrom", "desiredAssertionStatus", "getSuperclass", "getInterfaces", "getEnumConstants",
            "descriptorString");

    /** java.io.File as a name (what Path.toFile() hands to a library): nothing that touches the disk. */
    static final Set<String> FILE_NAMES = Set.of("<init>", "getName", "getPath", "getAbsolutePath", "getParent",
            "toPath", "toString", "hashCode", "equals", "compareTo", "isAbsolute");

    static final Set<String> FILE_SYSTEM_CLASSES = Set.of("Files", "FileSystems", "FileSystem", "FileStore",
            "DirectoryStream", "SecureDirectoryStream", "WatchService", "WatchKey");

    /** VarHandles (and what javac writes for serializable lambdas) are concurrency tools, not reflection. */
    static final Set<String> INVOKE_TYPES = Set.of("java.lang.invoke.VarHandle", "java.lang.invoke.VarHandle$AccessMode",
            "java.lang.invoke.MethodHandles", "java.lang.invoke.MethodHandles$Lookup", "java.lang.invoke.SerializedLambda");

    /** Types no lesson code may use at all: a package (ending in '.') or a class and its nested classes. */
    static final String[][] FORBIDDEN_TYPES = {
            {"java.lang.reflect.", "REFLECTION"}, {"java.beans.", "REFLECTION"},
            {"sun.", "JDK_INTERNALS"}, {"jdk.internal.", "JDK_INTERNALS"}, {"com.sun.", "JDK_INTERNALS"},
            {"kit.multiprocessing.Worker", "JDK_INTERNALS"}, {"kit.multiprocessing.WorkerProcess", "JDK_INTERNALS"},
            {"kit.multiprocessing.Protocol", "JDK_INTERNALS"},
            {"java.io.FileInputStream", "FILES"}, {"java.io.FileOutputStream", "FILES"}, {"java.io.FileReader", "FILES"},
            {"java.io.FileWriter", "FILES"}, {"java.io.RandomAccessFile", "FILES"}, {"java.io.FileDescriptor", "FILES"},
            {"java.nio.channels.", "FILES"}, {"java.nio.file.spi.", "FILES"}, {"java.util.zip.ZipFile", "FILES"},
            {"java.util.jar.JarFile", "FILES"}, {"java.util.logging.FileHandler", "FILES"}, {"javax.imageio.stream.", "FILES"},
            {"java.awt.Desktop", "FILES"},
            {"java.lang.ProcessBuilder", "PROCESSES"}, {"java.lang.Process", "PROCESSES"},
            {"java.lang.ProcessHandle$Info", "PROCESSES"},
            {"java.lang.StackWalker", "STACK_INSPECTION"}, {"java.lang.StackTraceElement", "STACK_INSPECTION"},
            {"java.lang.management.", "STACK_INSPECTION"}, {"javax.management.", "STACK_INSPECTION"},
            {"jdk.management.", "STACK_INSPECTION"},
            {"java.lang.ClassLoader", "CLASS_LOADING"}, {"java.security.SecureClassLoader", "CLASS_LOADING"},
            {"java.util.ServiceLoader", "CLASS_LOADING"}, {"java.lang.instrument.", "CLASS_LOADING"},
            {"java.lang.ModuleLayer", "CLASS_LOADING"}, {"java.lang.Module", "CLASS_LOADING"},
            {"java.lang.module.", "CLASS_LOADING"},
            {"java.lang.foreign.", "NATIVE_CODE"},
            {"java.net.", "NETWORK"}, {"javax.net.", "NETWORK"}, {"java.rmi.", "NETWORK"}, {"javax.rmi.", "NETWORK"},
            {"jdk.net.", "NETWORK"},
            {"kit.grader.", "GRADER_CLASSES"}, {"org.junit.", "GRADER_CLASSES"}, {"org.opentest4j.", "GRADER_CLASSES"},
            {"org.assertj.", "GRADER_CLASSES"}, {"org.awaitility.", "GRADER_CLASSES"}, {"org.openjdk.jcstress.", "GRADER_CLASSES"},
            {"com.fasterxml.", "GRADER_CLASSES"}, {"com.tngtech.", "GRADER_CLASSES"}, {"org.apiguardian.", "GRADER_CLASSES"},
            {"kit.races.", "GRADER_CLASSES"},   // lesson 03's jcstress tests (kit.races.jcstress); the engine's runner is kit.grader.jcstress
    };

    private static String where(JavaCodeUnit origin, int line) {
        String unit = origin.getName().equals("<clinit>") ? "<static initializer>"
                : origin.getName().equals("<init>") ? "<constructor>" : origin.getName();
        return unit + " (" + sourceFile(origin.getOwner()) + ":" + line + ")";
    }

    private static String sourceFile(JavaClass type) {
        return type.getSource().flatMap(source -> source.getFileName()).orElse(type.getSimpleName() + ".java");
    }

    private static String whereOf(Dependency dependency) {
        String location = dependency.getSourceCodeLocation().toString();   // "(Threads.java:42)"
        String description = dependency.getDescription();
        // "Method <lessons.a.B.m(int)> has parameter of type <...>": name the member when ArchUnit does
        int open = description.indexOf('<');
        int close = description.indexOf('>', open + 1);
        String member = open >= 0 && close > open ? description.substring(open + 1, close) : "";
        String owner = dependency.getOriginClass().getName();
        if (member.startsWith(owner + ".")) {
            member = member.substring(owner.length() + 1);
        } else {
            member = "";
        }
        member = member.replaceAll("\\(.*\\)$", "");
        return (member.isEmpty() ? "<class>" : member) + " " + location;
    }

    private static String describe(AccessTarget target) {
        String owner = simple(target.getOwner().getName());
        if (target instanceof AccessTarget.CodeUnitAccessTarget unit) {
            String parameters = unit.getRawParameterTypes().stream().map(Policy::typeName).collect(Collectors.joining(", "));
            return target.getName().equals("<init>") ? "new " + owner + "(" + parameters + ")"
                    : owner + "." + target.getName() + "(" + parameters + ")";
        }
        return owner + "." + target.getName();
    }

    private static String typeName(JavaClass type) {
        String name = type.getName();
        return simple(baseTypeName(type)) + "[]".repeat(dimensions(name));
    }

    /**
     * The full name of a type, or of its elements for an array, from its name alone: ArchUnit knows no more about a
     * type it was not given to read (the JDK's, a library's).
     */
    public static String baseTypeName(JavaClass type) {
        String name = type.getName();
        while (name.endsWith("[]")) {
            name = name.substring(0, name.length() - 2);
        }
        int dimensions = 0;
        while (name.startsWith("[")) {
            name = name.substring(1);
            dimensions++;
        }
        if (dimensions > 0 && name.startsWith("L") && name.endsWith(";")) {
            return name.substring(1, name.length() - 1);
        }
        return dimensions > 0 ? PRIMITIVES.getOrDefault(name, name) : name;
    }

    private static int dimensions(String name) {
        int brackets = (name.length() - name.replace("[]", "").length()) / 2;
        return brackets + (int) name.chars().takeWhile(c -> c == '[').count();
    }

    private static final java.util.Map<String, String> PRIMITIVES = java.util.Map.of("Z", "boolean", "B", "byte",
            "C", "char", "S", "short", "I", "int", "J", "long", "F", "float", "D", "double");

    /** "java.lang.System" to "System", "java.lang.invoke.MethodHandles$Lookup" to "MethodHandles.Lookup". */
    static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }
}
