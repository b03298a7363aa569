package io.alerthub.normalize;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertClassRule;
import java.util.List;
import org.springframework.stereotype.Component;

/** STUB replaced by helper norm-b. */
@Component
public class AlertClassifier {
    public String classify(Alert draft, List<AlertClassRule> customerRules) {
        return draft.alertClass() != null ? draft.alertClass() : "unknown";
    }
}
