package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;
import java.time.Duration;
import java.util.List;

/**
 * The typed parameters of the {@code process_down} template (routes/scenario/templates/process_down.camel.yaml).
 *
 * @param unit          the systemd unit: the binding's value, else the alert's {@code unit}, {@code systemd_unit} or
 *                      {@code service} label, node-exporter's {@code name} label when it names a unit
 *                      ({@code nginx.service}), else the alert's resource service
 * @param restartUnits  the only units the hub may restart; a unit not listed is handed over with its status
 * @param port          a TCP port the unit must listen on once restarted, or null
 * @param sudo          restart through {@code sudo -n} (the hub's account needs a NOPASSWD rule for exactly that)
 * @param journalLines  how many journal lines the hand-over carries
 * @param verifyTimeout how long the unit may take to become active after the restart
 */
public record ProcessDownParams(String unit, List<String> restartUnits, Integer port, boolean sudo,
                                int journalLines, Duration verifyTimeout) {

    static ProcessDownParams read(ParamValues values, ScenarioRun run) {
        String unit = values.text("unit");
        if (unit == null) {
            unit = run.label("unit").or(() -> run.label("systemd_unit")).or(() -> run.label("service"))
                    .or(() -> run.label("name").filter(n -> n.endsWith(".service")))
                    .or(() -> run.alert().map(a -> a.alert().resource().service()).filter(s -> !s.isBlank()))
                    .orElse(null);
        } else {
            values.unit("unit", unit);
        }
        int port = values.integer("port", 1, 65535, 0);
        return new ProcessDownParams(unit, values.units("restartUnits"), port == 0 ? null : port,
                values.bool("sudo", true), values.integer("journalLines", 1, 500, 50),
                values.duration("verifyTimeout", Duration.ofSeconds(30)));
    }
}
