package io.alerthub.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Operator tooling on the hub's own jar ({@code java -jar alert-hub.jar validate|dry-run …}), like
 * {@code amtool check-config}: the hub's settings are read as the hub reads them (application.yaml, profiles,
 * {@code --name=value} arguments, environment), but no web server, database, Camel route or port is started.
 */
public final class AlertHubCli {
    /** Exit status: every check passed. */
    static final int OK = 0;
    /** Exit status: a file (or the payload) has errors. */
    static final int ERRORS = 1;
    /** Exit status: the command line itself is wrong. */
    static final int USAGE = 2;
    private static final Set<String> COMMANDS = Set.of("validate", "dry-run");
    static final String USAGE_TEXT = """
            usage: java -jar alert-hub.jar validate [--check-env] [<customers-dir>]
                   java -jar alert-hub.jar dry-run --customer <id> --format <format> [--at <instant>] <payload-file>
              hub settings as for the hub itself, e.g. --spring.profiles.active=demo or --alerthub.customers.dir=…""";

    private AlertHubCli() {
    }

    /** True when the command line asks for a tool rather than the hub. */
    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the tool {@code args[0]} and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> own = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            // --name.with.dots=value is a hub setting, as on the hub's own command line
            if (args[i].startsWith("--") && args[i].contains("=") && args[i].substring(0, args[i].indexOf('='))
                    .contains(".")) {
                settings.add(args[i]);
            } else {
                own.add(args[i]);
            }
        }
        try (ConfigurableApplicationContext context = settingsOnly(settings)) {
            ConfigurableEnvironment environment = context.getEnvironment();
            return switch (args[0]) {
                case "validate" -> new ValidateCommand(environment, out, err).run(own);
                default -> new DryRunCommand(environment, out, err).run(own);
            };
        }
    }

    /** A setting group of the hub ({@code alerthub.customers}, …) bound as the hub binds it, defaults where unset. */
    static <T> T settings(ConfigurableEnvironment environment, String prefix, Class<T> type) {
        return org.springframework.boot.context.properties.bind.Binder.get(environment).bindOrCreate(prefix, type);
    }

    /** How messages name a directory: as the operator wrote it, without a trailing slash. */
    static String display(String dir) {
        return dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
    }

    /**
     * A context holding only the hub's settings: no component scan and no auto-configuration, so nothing of the hub
     * starts; logging stays at warnings so the tool's output is its own.
     */
    private static ConfigurableApplicationContext settingsOnly(List<String> settings) {
        return new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties("logging.level.root=WARN")
                .run(settings.toArray(String[]::new));
    }

    /** The empty configuration the settings-only context is built from. */
    @Configuration(proxyBeanMethods = false)
    static class Settings {
    }
}
