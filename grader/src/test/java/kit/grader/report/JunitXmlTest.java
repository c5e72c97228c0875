package kit.grader.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class JunitXmlTest {

    @TempDir
    Path dir;

    static final String THREADS = "lessons.threads.ThreadsTest";
    static final String VECTORS = "lessons.vectoradd.VectorAddTest";

    static List<TestResult> results() {
        return List.of(
                new TestResult("01", "Threads", "starts all", Status.PASSED, 3, 3, "", "", 1500, Map.of("speedup", "1.9x"), "",
                        THREADS + "#starts_all"),
                new TestResult("02", "Vector add", "chunks", Status.FAILED, 0, 5, "expected 3 threads | got 1", "split it", 250,
                        Map.of(), "java.lang.AssertionError: expected 3 threads\n\tat lessons.vectoradd.VectorAdd.add(VectorAdd.java:12)",
                        VECTORS + "#chunks"),
                new TestResult("02", "Vector add", "crashes", Status.ERROR, 0, 1, "NullPointerException", "", 10, Map.of(), "",
                        VECTORS + "#crashes"),
                new TestResult("02", "Vector add", "never ran", Status.NOT_RUN, 0, 2, "Did not finish", "", 0, Map.of(), "",
                        VECTORS + "#never_ran"),
                new TestResult("02", "Vector add", "one core", Status.SKIPPED, 0, 2, "needs 2 cores, this machine has 1", "", 0,
                        Map.of(), "", VECTORS + "#one_core"),
                new TestResult("09", "Parallel loops", "did not compile", Status.ERROR, 0, 4, "Lesson 09 did not compile", "", 0,
                        Map.of(), "", "uncompiled:lessons.parallelloops.ParallelLoopsTest#adds"));
    }

    Element suite(String className) throws Exception {
        Path file = dir.resolve("TEST-" + className + ".xml");
        assertThat(file).exists();
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return xml.getDocumentElement();
    }

    static List<Element> children(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    @Test
    void one_file_per_graded_class_counting_every_status_as_surefire_does() throws Exception {
        JunitXml.write(results(), dir);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "TEST-" + THREADS + ".xml", "TEST-" + VECTORS + ".xml", "TEST-lessons.parallelloops.ParallelLoopsTest.xml");
        }
        Element vectors = suite(VECTORS);
        assertThat(vectors.getTagName()).isEqualTo("testsuite");
        assertThat(vectors.getAttribute("name")).isEqualTo(VECTORS);
        assertThat(vectors.getAttribute("tests")).isEqualTo("4");
        assertThat(vectors.getAttribute("failures")).isEqualTo("1");
        assertThat(vectors.getAttribute("errors")).isEqualTo("2");
        assertThat(vectors.getAttribute("skipped")).isEqualTo("1");
        assertThat(children(vectors, "testcase")).extracting(t -> t.getAttribute("classname")).containsOnly(VECTORS);
        assertThat(children(vectors, "testcase")).extracting(t -> t.getAttribute("name"))
                .containsExactlyInAnyOrder("chunks()", "crashes()", "never_ran()", "one_core()");
        assertThat(suite("lessons.parallelloops.ParallelLoopsTest").getAttribute("errors")).isEqualTo("1");
    }

    @Test
    void a_failure_carries_the_message_the_hint_and_the_lesson_jvms_stack_trace() throws Exception {
        JunitXml.write(results(), dir);

        Element failure = children(suite(VECTORS), "failure").get(0);
        assertThat(failure.getAttribute("message")).contains("expected 3 threads | got 1").contains("Hint: split it");
        assertThat(failure.getTextContent()).contains("at lessons.vectoradd.VectorAdd.add(VectorAdd.java:12)")
                .doesNotContain("kit.grader.report");
        Element skipped = children(suite(VECTORS), "skipped").get(0);
        assertThat(skipped.getAttribute("message") + skipped.getTextContent()).contains("needs 2 cores, this machine has 1");
        assertThat(children(suite(VECTORS), "error")).extracting(e -> e.getAttribute("message"))
                .containsExactlyInAnyOrder("NullPointerException", "Did not finish");
    }

    @Test
    void each_test_takes_the_time_it_ran_in_its_lesson_and_its_figures_are_in_its_output() throws Exception {
        JunitXml.write(results(), dir);

        Element threads = suite(THREADS);
        Element test = children(threads, "testcase").get(0);
        assertThat(Double.parseDouble(test.getAttribute("time"))).isEqualTo(1.5);
        assertThat(children(suite(VECTORS), "testcase")).filteredOn(t -> t.getAttribute("name").equals("chunks()"))
                .extracting(t -> Double.parseDouble(t.getAttribute("time"))).containsExactly(0.25);
        assertThat(children(test, "system-out")).extracting(Element::getTextContent)
                .anySatisfy(out -> assertThat(out).contains("speedup: 1.9x"));
    }

    @Test
    void files_of_an_earlier_run_are_replaced() throws Exception {
        Files.writeString(dir.resolve("TEST-lessons.gone.GoneTest.xml"), "<testsuite/>");
        JunitXml.write(results().subList(0, 1), dir);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("TEST-" + THREADS + ".xml");
        }
    }
}
