package io.alerthub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the hub: one Spring Boot process hosting every Camel route of the pipeline. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AlertHubApplication {
    public static void main(String[] args) {
        SpringApplication.run(AlertHubApplication.class, args);
    }
}
