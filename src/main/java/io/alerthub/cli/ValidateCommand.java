package io.alerthub.cli;

import io.alerthub.config.CustomerFiles;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.scenario.routes.CustomerRoutesCheck;
import io.alerthub.scenario.routes.CustomerRoutesProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code validate [<customers-dir>]}: every customer's customer.yaml and routes.camel.yaml checked by the code the hub
 * loads them with; every error printed as {@code file:line: path: message}; exit 1 on any error.
 */
final class ValidateCommand {
    private final ConfigurableEnvironment environment;
    private final PrintStream out;
    private final PrintStream err;

    ValidateCommand(ConfigurableEnvironment environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        boolean checkEnv = false;
        String dir = null;
        for (String arg : args) {
            if (arg.equals("--check-env")) {
                checkEnv = true;
            } else if (arg.startsWith("-") || dir != null) {
                err.println("validate: unexpected argument \"" + arg + "\"");
                err.println(AlertHubCli.USAGE_TEXT);
                return AlertHubCli.USAGE;
            } else {
                dir = arg;
            }
        }
        if (dir == null) {
            dir = AlertHubCli.settings(environment, "alerthub.customers", CustomerRegistryProperties.class).dir();
        }
        String display = AlertHubCli.display(dir);
        CustomerFiles.Check customers = CustomerFiles.check(Path.of(dir), display, environment, checkEnv);
        List<String> errors = new ArrayList<>(customers.errors());
        int bindings = 0;
        List<String> folders = folders(Path.of(dir));
        if (!folders.isEmpty()) {
            CamelContext camel;
            try {
                camel = ScenarioTemplates.load();
            } catch (Exception e) {
                err.println("validate: cannot load the hub's scenario templates: " + e.getMessage());
                return AlertHubCli.ERRORS;
            }
            boolean allowCustom = AlertHubCli.settings(environment, "alerthub.customer-routes",
                    CustomerRoutesProperties.class).allowCustomRoutes();
            try {
                for (String folder : folders) {
                    Path file = Path.of(dir, folder, CustomerRoutesCheck.FILE_NAME);
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    String name = display + "/" + folder + "/" + CustomerRoutesCheck.FILE_NAME;
                    try {
                        CustomerRoutesCheck.Result routes = CustomerRoutesCheck.check(camel, folder, name,
                                Files.readAllBytes(file), allowCustom);
                        errors.addAll(routes.errors());
                        bindings += routes.bindings().size();
                    } catch (IOException e) {
                        errors.add(name + ": cannot read file (" + e.getClass().getSimpleName() + ")");
                    }
                }
            } finally {
                ScenarioTemplates.close(camel);
            }
        }
        errors.forEach(out::println);
        if (!customers.unsetEnv().isEmpty()) {
            out.println("note: not set here, so their values were not checked: "
                    + String.join(", ", customers.unsetEnv()) + " (the hub needs them; --check-env requires them)");
        }
        out.println("validate: " + folders.size() + (folders.size() == 1 ? " customer, " : " customers, ")
                + bindings + " scenario bindings, " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
        return errors.isEmpty() ? AlertHubCli.OK : AlertHubCli.ERRORS;
    }

    /** The customer folders, as the registry lists them (hidden folders are not customers). */
    private static List<String> folders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
