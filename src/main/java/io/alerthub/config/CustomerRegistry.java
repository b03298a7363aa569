package io.alerthub.config;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** STUB replaced by helper registry. */
@Component
public class CustomerRegistry {
    public Optional<CustomerConfig> find(String id) {
        return "demo".equals(id) ? Optional.of(new CustomerConfig("demo", List.of())) : Optional.empty();
    }
}
