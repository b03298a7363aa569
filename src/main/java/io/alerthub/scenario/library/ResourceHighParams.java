package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import java.time.Duration;
import java.util.List;

/**
 * The typed parameters of the {@code cpu_high} and {@code memory_high} templates
 * (routes/scenario/templates/cpu_high.camel.yaml, memory_high.camel.yaml).
 *
 * @param restartUnit   a unit the hub restarts after gathering, or null to only gather and hand over
 * @param sudo          restart through {@code sudo -n}
 * @param topLines      how many process lines of {@code top} the hand-over carries
 * @param verifyTimeout how long the unit may take to become active after the restart
 */
public record ResourceHighParams(String restartUnit, boolean sudo, int topLines, Duration verifyTimeout) {

    static ResourceHighParams read(ParamValues values) {
        String unit = values.text("restartUnit");
        if (unit != null) {
            values.unit("restartUnit", unit);
        }
        return new ResourceHighParams(unit, values.bool("sudo", true), values.integer("topLines", 1, 100, 15),
                values.duration("verifyTimeout", Duration.ofSeconds(30)));
    }

    List<String> restartUnits() {
        return restartUnit == null ? List.of() : List.of(restartUnit);
    }
}
