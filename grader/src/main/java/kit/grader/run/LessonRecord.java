package kit.grader.run;

import kit.grader.report.Journal;
import kit.grader.report.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervisor's record of one lesson run. Every selected graded test is planned here, from the {@link LessonCatalog}
 * (points, hints, names are the supervisor's); the lesson's JVM only reports how each one went, and only in order:
 * an event for a test that was not selected, a second result, a start after the end, or a result without a plan is
 * refused and noted. What never finished is reported as not run, with the reason the supervisor gives.
 */
final class LessonRecord {

    /** Refused events noted per lesson at most: a flood of forgeries is not worth a long report. */
    static final int MAX_REFUSALS_NOTED = 5;
    /** Notes the lesson's JVM may add, and their length: it is information, not a report of its own. */
    static final int MAX_NOTES = 20;
    static final int MAX_NOTE_LENGTH = 2_000;

    private enum State { PLANNED, SEEN, STARTED, FINISHED }

    private final LessonCatalog.GradedClass type;
    private final Map<String, LessonCatalog.TestMethod> selected = new LinkedHashMap<>();
    private final Map<String, State> states = new LinkedHashMap<>();
    private final Map<String, Journal.Event> finished = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> refusals = new LinkedHashSet<>();
    private int refused;

    LessonRecord(LessonCatalog.GradedClass type, List<String> methods) {
        this.type = type;
        for (LessonCatalog.TestMethod test : type.graded()) {
            if (methods.isEmpty() || methods.contains(test.method())) {
                selected.put(id(test.method()), test);
                states.put(id(test.method()), State.PLANNED);
            }
        }
    }

    String id(String method) {
        return type.className() + "#" + method;
    }

    /** Takes one event from the lesson's JVM, or refuses it. */
    synchronized void accept(Channel.Event event) {
        if ("note".equals(event.type())) {
            if (notes.size() < MAX_NOTES && event.message() != null) {
                String note = event.message();
                notes.add(note.length() > MAX_NOTE_LENGTH ? note.substring(0, MAX_NOTE_LENGTH) + " ..." : note);
            }
            return;
        }
        String id = event.test();
        State state = id == null ? null : states.get(id);
        if (state == null) {
            if (id != null && id.startsWith(type.className() + "#") && type.test(id.substring(id.indexOf('#') + 1)) != null) {
                return;   // an ungraded test of the class, or one not selected: JUnit reports it, nobody counts it
            }
            refuse(event, "for a test that was not planned");
            return;
        }
        switch (event.type()) {
            case "planned" -> {
                if (state == State.PLANNED) {
                    states.put(id, State.SEEN);
                } else {
                    refuse(event, "planned twice");
                }
            }
            case "started" -> {
                if (state == State.SEEN) {
                    states.put(id, State.STARTED);
                } else {
                    refuse(event, state == State.FINISHED ? "after the test's end" : "out of order");
                }
            }
            case "finished" -> {
                Status status = status(event.status());
                if (state == State.FINISHED) {
                    refuse(event, "a second result");
                } else if (state == State.PLANNED || status == null) {
                    refuse(event, status == null ? "with an unknown status" : "before JUnit planned the test");
                } else if (status == Status.NOT_RUN) {
                    refuse(event, "with a status only the supervisor gives");
                } else {
                    states.put(id, State.FINISHED);
                    finished.put(id, Journal.Event.finished(id, status, event.message(),
                            event.durationMs() == null ? 0 : event.durationMs(), event.figures(), event.details()));
                }
            }
            default -> refuse(event, "of an unknown type");
        }
    }

    private void refuse(Channel.Event event, String why) {
        refused++;
        if (refusals.size() < MAX_REFUSALS_NOTED) {
            refusals.add("'" + event.type() + "' " + (event.test() == null ? "" : "for " + event.test() + " ") + why);
        }
    }

    private static Status status(String label) {
        try {
            return label == null ? null : Status.of(label);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** Ends every graded test that did not finish with the supervisor's reason. */
    synchronized void finishUnfinished(String reason) {
        for (Map.Entry<String, State> entry : states.entrySet()) {
            if (entry.getValue() != State.FINISHED) {
                entry.setValue(State.FINISHED);
                finished.put(entry.getKey(), Journal.Event.finished(entry.getKey(), Status.NOT_RUN, reason, 0, null, null));
            }
        }
    }

    /** Ends every graded test with the same result, without running any: a lesson refused before it ran. */
    synchronized void finishAll(Status status, String message) {
        for (String id : states.keySet()) {
            states.put(id, State.FINISHED);
            finished.put(id, Journal.Event.finished(id, status, message, 0, null, null));
        }
    }

    synchronized boolean anyUnfinished() {
        return states.values().stream().anyMatch(s -> s != State.FINISHED);
    }

    /** The lesson's journal events: each selected test planned, its end, then the notes. */
    synchronized List<Journal.Event> events() {
        List<Journal.Event> events = new ArrayList<>();
        selected.forEach((id, test) -> events.add(Journal.Event.planned(id, type.lesson().id(), type.lesson().title(),
                test.displayName(), test.points(), test.hint())));
        events.addAll(finished.values());
        notes.forEach(note -> events.add(Journal.Event.note("Lesson " + type.label() + ": " + note)));
        if (refused > 0) {
            events.add(Journal.Event.note("Lesson " + type.label() + ": the grader refused " + refused + " event(s) that "
                    + "did not come from its own listener in order (" + String.join("; ", refusals)
                    + (refused > refusals.size() ? "; ..." : "") + "). They were not counted."));
        }
        return events;
    }
}
