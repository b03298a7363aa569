package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import java.time.Duration;
import java.util.List;

/**
 * The typed parameters of the {@code time_sync} template (routes/scenario/templates/time_sync.camel.yaml).
 *
 * @param daemon        the time daemon's systemd unit ({@code chrony} on Debian and Ubuntu, {@code chronyd} on RHEL)
 * @param restartUnits  the only time daemons the hub may restart; none: gather and hand over
 * @param sudo          restart through {@code sudo -n}
 * @param maxOffsetMs   the clock counts as right once synchronised with an offset at most this many milliseconds
 * @param verifyTimeout how long the clock may take to synchronise after the restart
 */
public record TimeSyncParams(String daemon, List<String> restartUnits, boolean sudo, int maxOffsetMs,
                             Duration verifyTimeout) {

    static TimeSyncParams read(ParamValues values) {
        String daemon = values.text("daemon");
        if (daemon != null) {
            values.unit("daemon", daemon);
        }
        return new TimeSyncParams(daemon == null ? "chrony" : daemon, values.units("restartUnits"),
                values.bool("sudo", true), values.integer("maxOffsetMs", 1, 60000, 100),
                values.duration("verifyTimeout", Duration.ofSeconds(60)));
    }
}
