package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code network_interface} template (errors, link down, bond degraded, speed): the interface's
 * state and counters ({@code ip -s -d link}), what the driver says (ethtool: speed, duplex, link) and, for a bond, its
 * slaves. Nothing is changed (taking a link down or up can cut the hub off): always hands over what it found.
 */
@Component("networkInterfaceScenario")
public class NetworkInterfaceScenario {
    static final ParamType INTERFACE = ParamType.text(15);
    static final CommandTemplate LINK = CommandTemplate.builder("network_interface.link",
            "ip -s -d link show dev {{device}}").param("device", INTERFACE).build();
    static final CommandTemplate ALL_LINKS = CommandTemplate.builder("network_interface.links", "ip -s link").build();
    static final CommandTemplate ETHTOOL = CommandTemplate.builder("network_interface.ethtool", "ethtool {{device}}")
            .param("device", INTERFACE).build();
    static final CommandTemplate BOND = CommandTemplate.builder("network_interface.bond",
            "cat /proc/net/bonding/{{device}}").param("device", INTERFACE).build();
    private static final Pattern STATE = Pattern.compile("<([A-Z_,-]*)>.*\\bstate (\\S+)");
    private static final Pattern ETHTOOL_FIELD = Pattern.compile("^\\s*(Speed|Duplex|Link detected):\\s*(.+)$",
            Pattern.MULTILINE);

    private final Scenarios scenarios;

    public NetworkInterfaceScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(v -> NetworkInterfaceParams.read(v, run)).ifPresent(p -> {
            if (p.device() == null) {
                Diagnostics.read(scenarios, run, "check", ALL_LINKS, Map.of(), run.text("nic.checked.all"))
                        .ifPresent(out -> run.found("interfaces:\n" + Diagnostics.head(out, p.listLines())));
                return;
            }
            Diagnostics.read(scenarios, run, "check", LINK, Map.of("device", p.device()), run.text("nic.checked.device",
                    "device", p.device())).ifPresent(out -> {
                        Matcher state = STATE.matcher(out);
                        if (state.find()) {
                            run.found(p.device() + " is " + state.group(2) + " (" + state.group(1) + ")");
                        }
                        counters(out).forEach(run::found);
                    });
        });
    }

    public void gather(ScenarioRun run) {
        run.params(v -> NetworkInterfaceParams.read(v, run)).ifPresent(p -> {
            if (p.device() != null) {
                Diagnostics.read(scenarios, run, "gather", ETHTOOL, Map.of("device", p.device()), run.text("nic.checked.driver",
                        "device", p.device())).ifPresent(out -> {
                            Matcher m = ETHTOOL_FIELD.matcher(out);
                            while (m.find()) {
                                run.found(p.device() + " " + m.group(1).toLowerCase(Locale.ROOT) + ": " + m.group(2).strip());
                            }
                        });
                if (run.isOpen() && p.device().startsWith("bond")) {
                    Diagnostics.read(scenarios, run, "gather", BOND, Map.of("device", p.device()), run.text("nic.checked.bond",
                            "device", p.device())).ifPresent(out -> run.found(bondSummary(out)));
                }
            }
            if (!run.isOpen()) {
                return;
            }
            run.leftForYou(run.text("nic.left", "device", p.device() == null ? run.text("nic.the-interface")
                    : p.device()));
            run.handOver(p.device() == null ? run.text("nic.gathered")
                    : run.text("nic.gathered.device", "device", p.device()));
        });
    }

    /** The RX and TX lines of {@code ip -s link}: bytes, packets, errors, dropped. */
    static List<String> counters(String ip) {
        List<String> lines = ip.lines().map(String::strip).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("RX:") || lines.get(i).startsWith("TX:")) {
                String[] names = lines.get(i).substring(3).trim().split("\\s+");
                String[] values = lines.get(i + 1).split("\\s+");
                StringBuilder s = new StringBuilder(lines.get(i).substring(0, 2));
                for (int k = 0; k < Math.min(names.length, values.length) && k < 4; k++) {
                    s.append(' ').append(names[k]).append(' ').append(values[k]);
                }
                out.add(s.toString());
            }
        }
        return out;
    }

    private static String bondSummary(String bonding) {
        long slaves = bonding.lines().filter(l -> l.startsWith("Slave Interface:")).count();
        long down = bonding.lines().filter(l -> l.startsWith("MII Status: down")).count();
        return "bond: " + slaves + " slaves, " + down + " MII status down";
    }
}
