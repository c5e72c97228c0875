package kit.grader.timing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;

/**
 * Evaluates {@link RequiresCores} before a test (or test class) starts. A skip decided here is the only kind the
 * grader does not count; an assumption failing inside a test would be an error, because student code may have run.
 */
public final class RequiresCoresCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresCores> required = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresCores.class));
        if (required.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @RequiresCores");
        }
        return evaluate(required.get().value(), Cores.available(), Cores.source());
    }

    static ConditionEvaluationResult evaluate(int needed, int cores, String source) {
        if (cores >= needed) {
            return ConditionEvaluationResult.enabled(cores + " cores available, " + needed + " needed");
        }
        return ConditionEvaluationResult.disabled("this test needs at least " + needed + " cores: it measures what threads "
                + "gain from running on several cores at once, and " + source + " gives " + cores
                + (cores == 1 ? " core" : " cores") + ", so there is nothing to measure here. It is not counted; "
                + "run it on a machine with more cores to see the effect.");
    }
}
