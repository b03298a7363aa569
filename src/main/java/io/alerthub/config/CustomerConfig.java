package io.alerthub.config;

import io.alerthub.model.AlertClassRule;
import java.util.List;

/** STUB replaced by helper registry. */
public record CustomerConfig(String id, List<AlertClassRule> alertClasses) {
}
