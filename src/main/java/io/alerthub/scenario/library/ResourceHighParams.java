package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import java.time.Duration;
import java.util.List;

/**
 * The typed parameters of the {@code resource_high} template (routes/scenario/templates/resource_high.camel.yaml),
 * which serves the classes {@code cpu_high} and {@code memory_high}.
 *
 * @param restartUnit   a unit the hub restarts after gathering, or null to only gather and hand over
 * @param sudo          restart through {@code sudo -n}
 * @param sortBy        the column the process list is sorted by: {@code cpu}, {@code memory}, or {@code auto}
 *                      (memory for a {@code memory_high} incident, else CPU)
 * @param topLines      how many process lines of {@code top} the hand-over carries
 * @param verifyTimeout how long the unit may take to become active after the restart
 */
public record ResourceHighParams(String restartUnit, boolean sudo, String sortBy, int topLines, Duration verifyTimeout) {

    static ResourceHighParams read(ParamValues values) {
        String unit = values.text("restartUnit");
        if (unit != null) {
            values.unit("restartUnit", unit);
        }
        return new ResourceHighParams(unit, values.bool("sudo", true),
                values.oneOf("sortBy", "auto", "auto", "cpu", "memory"), values.integer("topLines", 1, 100, 15),
                values.duration("verifyTimeout", Duration.ofSeconds(30)));
    }

    /** Whether the process list is sorted by memory for an incident of the given class. */
    boolean byMemory(String alertClass) {
        return "memory".equals(sortBy) || "auto".equals(sortBy) && "memory_high".equals(alertClass);
    }

    List<String> restartUnits() {
        return restartUnit == null ? List.of() : List.of(restartUnit);
    }
}
