package kit.grader.api;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;

/**
 * Evaluates {@link RequiresCores} before a test (or test class) starts. A skip decided here is the only kind the
 * grader accepts (with no points, its points kept in the maximum); an assumption failing inside a test is an error,
 * because student code may have run.
 */
final class RequiresCoresCondition implements ExecutionCondition {

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
        return ConditionEvaluationResult.disabled("needs " + needed + " cores, this machine has " + cores + " (" + source
                + "): the test measures what threads gain from running on several cores at once, so there is nothing to "
                + "measure here. It earns no points here and its points stay in the maximum; run it on a machine with "
                + "more cores to see the effect.");
    }
}
