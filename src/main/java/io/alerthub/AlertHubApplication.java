package io.alerthub;

import io.alerthub.cli.AlertHubCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the hub: one Spring Boot process hosting every Camel route of the pipeline. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AlertHubApplication {
    public static void main(String[] args) {
        if (AlertHubCli.handles(args)) {
            // operator tooling (validate, dry-run): the same jar, but no server, database or route is started
            System.exit(AlertHubCli.run(args, System.out, System.err));
        }
        SpringApplication.run(AlertHubApplication.class, args);
    }
}
