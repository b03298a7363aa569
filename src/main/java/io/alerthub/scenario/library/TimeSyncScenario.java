package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code time_sync} template: whether systemd sees the clock synchronised, chrony's tracking
 * (offset, leap status) and sources, the time daemon's status and journal; a restart of the time daemon only when the
 * binding allow-lists it; then synchronised again with a small enough offset within the verify timeout.
 */
@Component("timeSyncScenario")
public class TimeSyncScenario {
    static final CommandTemplate SYNCHRONIZED = CommandTemplate.builder("time_sync.synchronized",
            "timedatectl show --property=NTPSynchronized --value").build();
    static final CommandTemplate TRACKING = CommandTemplate.builder("time_sync.tracking", "chronyc -n tracking").build();
    static final CommandTemplate SOURCES = CommandTemplate.builder("time_sync.sources", "chronyc -n sources").build();
    /** {@code System time     : 0.000012345 seconds fast of NTP time}. */
    private static final Pattern OFFSET = Pattern.compile("System time\\s*:\\s*([0-9.]+) seconds (fast|slow)");
    private static final Pattern LEAP = Pattern.compile("Leap status\\s*:\\s*(.+)");
    private static final long POLL_NANOS = 1_000_000_000L;

    private final Scenarios scenarios;
    private final ProcessDownScenario units;
    private final Clock clock;

    public TimeSyncScenario(Scenarios scenarios, ProcessDownScenario units, Clock clock) {
        this.scenarios = scenarios;
        this.units = units;
        this.clock = clock;
    }

    public void check(ScenarioRun run) {
        run.params(TimeSyncParams::read).ifPresent(p -> {
            Optional<Boolean> synced = synchronised(run, "check");
            if (!run.isOpen()) {
                return;
            }
            Optional<Double> offset = offsetMs(run, "check");
            if (synced.orElse(false) && offset.map(o -> Math.abs(o) <= p.maxOffsetMs()).orElse(true)) {
                run.handOver(run.text("time.in-sync", "offset", offsetNote(run, offset)));
            }
        });
    }

    public void gather(ScenarioRun run) {
        run.params(TimeSyncParams::read).ifPresent(p -> {
            Diagnostics.read(scenarios, run, "gather", SOURCES, Map.of(), run.text("time.checked.sources"))
                    .ifPresent(out -> run.found("time sources:\n" + Diagnostics.head(out, 12)));
            if (!run.isOpen()) {
                return;
            }
            if (!p.restartUnits().contains(p.daemon())) {
                run.leftForYou(run.text("time.left.servers"));
            }
            units.gatherUnit(run, p.daemon(), 30, p.restartUnits());
        });
    }

    public void remediate(ScenarioRun run) {
        run.params(TimeSyncParams::read).ifPresent(p -> units.restart(run, p.daemon(), p.sudo()));
    }

    public void verify(ScenarioRun run) {
        run.params(TimeSyncParams::read).ifPresent(p -> {
            if (!run.remediated() || !units.verifyActive(run, p.daemon(), null, p.verifyTimeout())) {
                return;
            }
            Instant deadline = clock.instant().plus(p.verifyTimeout());
            Optional<Boolean> synced;
            while (true) {
                synced = synchronised(run, "verify");
                if (!run.isOpen() || synced.orElse(false) || !clock.instant().isBefore(deadline)) {
                    break;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            if (!run.isOpen()) {
                return;
            }
            Optional<Double> offset = offsetMs(run, "verify");
            if (!synced.orElse(false)) {
                run.escalate(run.text("time.not-synchronised", "daemon", p.daemon(),
                        "seconds", p.verifyTimeout().toSeconds()));
            } else if (offset.isPresent() && Math.abs(offset.get()) > p.maxOffsetMs()) {
                run.escalate(run.text("time.offset-too-large", "daemon", p.daemon(), "offset", ms(offset.get()),
                        "max", p.maxOffsetMs()));
            } else {
                run.resolve(run.text("time.resolved", "daemon", p.daemon(), "offset", offsetNote(run, offset)));
            }
        });
    }

    private static String offsetNote(ScenarioRun run, Optional<Double> offset) {
        return offset.map(o -> run.text("time.offset", "offset", ms(o))).orElse("");
    }

    /** systemd's NTPSynchronized: yes or no; empty when it cannot say (no systemd, no timedatectl). */
    private Optional<Boolean> synchronised(ScenarioRun run, String phase) {
        return Diagnostics.read(scenarios, run, phase, SYNCHRONIZED, Map.of(), run.text("time.checked.synchronised"))
                .map(out -> out.strip().toLowerCase(Locale.ROOT))
                .map(answer -> {
                    run.found("clock synchronised: " + answer);
                    return answer.equals("yes");
                });
    }

    /** chrony's offset from NTP time in milliseconds (positive: fast); empty without chrony. */
    private Optional<Double> offsetMs(ScenarioRun run, String phase) {
        return Diagnostics.read(scenarios, run, phase, TRACKING, Map.of(), run.text("time.checked.tracking")).flatMap(out -> {
            Matcher leap = LEAP.matcher(out);
            if (leap.find()) {
                run.found("leap status: " + leap.group(1).strip());
            }
            return offset(out);
        }).map(o -> {
            run.found("offset from NTP time: " + ms(o));
            return o;
        });
    }

    /** The offset {@code chronyc tracking} prints, in milliseconds, positive when the clock is fast. */
    static Optional<Double> offset(String tracking) {
        Matcher m = OFFSET.matcher(tracking);
        if (!m.find()) {
            return Optional.empty();
        }
        double ms = Double.parseDouble(m.group(1)) * 1000;
        return Optional.of(m.group(2).equals("fast") ? ms : -ms);
    }

    private static String ms(double offset) {
        return String.format(Locale.ROOT, "%+.1f ms", offset);
    }
}
