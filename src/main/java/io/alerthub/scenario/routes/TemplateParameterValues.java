package io.alerthub.scenario.routes;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.model.RouteTemplateParameterDefinition;

/**
 * Checks a binding's parameter value against the type its scenario template declares in the parameter's description
 * ({@code [integer 1-100] …}, {@code [boolean]}, {@code [clean|compress]}, {@code [duration]}): the one statement of
 * each parameter's type, which the template's {@code *Params} record reads too (ScenarioTemplateContractTest), so a
 * value the scenario would refuse at run time is refused when the file is loaded, with its line.
 */
final class TemplateParameterValues {
    private static final Pattern TYPE = Pattern.compile("^\\[([^]]+)].*", Pattern.DOTALL);
    private static final Pattern RANGE = Pattern.compile("(?:integer|port) (\\d+)-(\\d+)");
    private static final Pattern CHOICES = Pattern.compile("[a-z]+(\\|[a-z]+)+");
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h)|P.+");

    private TemplateParameterValues() {
    }

    /** Why {@code value} does not fit the declared type, in the scenario's own words; null when it fits. */
    static String problem(RouteTemplateParameterDefinition parameter, String value) {
        String description = parameter.getDescription();
        Matcher type = description == null ? null : TYPE.matcher(description);
        if (type == null || !type.matches() || value == null || value.isBlank()) {
            return null;
        }
        String declared = type.group(1);
        String v = value.trim();
        Matcher range = RANGE.matcher(declared);
        if (range.matches()) {
            long min = Long.parseLong(range.group(1));
            long max = Long.parseLong(range.group(2));
            boolean fits = v.matches("-?\\d{1,18}") && Long.parseLong(v) >= min && Long.parseLong(v) <= max;
            return fits ? null : invalid(parameter, v, "a whole number from " + min + " to " + max);
        }
        if (declared.equals("integer")) {
            return v.matches("-?\\d{1,9}") ? null : invalid(parameter, v, "a whole number");
        }
        if (declared.equals("boolean")) {
            String lower = v.toLowerCase(Locale.ROOT);
            return lower.equals("true") || lower.equals("false") ? null : invalid(parameter, v, "true or false");
        }
        if (CHOICES.matcher(declared).matches()) {
            return Arrays.asList(declared.split("\\|")).contains(v) ? null
                    : invalid(parameter, v, "one of " + String.join(", ", declared.split("\\|")));
        }
        if (declared.equals("duration")) {
            return DURATION.matcher(v).matches() ? null : invalid(parameter, v, "a duration such as 500ms, 30s, 5m or 1h");
        }
        return null;
    }

    private static String invalid(RouteTemplateParameterDefinition parameter, String value, String valid) {
        return "parameter " + parameter.getName() + ": invalid value \"" + value + "\" (valid: " + valid + ")";
    }
}
