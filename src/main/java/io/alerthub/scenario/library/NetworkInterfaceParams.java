package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;

/**
 * The typed parameters of the {@code network_interface} template
 * (routes/scenario/templates/network_interface.camel.yaml).
 *
 * @param device the interface: the binding's value, else the alert's {@code device}, {@code interface} or
 *               {@code master} label or the one a Zabbix {@code Interface eth0():} trigger names; null: every interface
 * @param listLines how many lines of {@code ip -s link} the hand-over carries when no interface is named
 */
public record NetworkInterfaceParams(String device, int listLines) {

    static NetworkInterfaceParams read(ParamValues values, ScenarioRun run) {
        String device = values.text("device");
        if (device == null && run != null) {
            device = Diagnostics.networkInterface(run).orElse(null);
        }
        if (device != null && !Diagnostics.INTERFACE.matcher(device).matches()) {
            throw ParamValues.invalid("device", device, "a network interface name of up to 15 letters, digits and "
                    + "\"_.:@-\", e.g. \"eth0\"");
        }
        return new NetworkInterfaceParams(device, values.integer("listLines", 1, 200, 40));
    }
}
