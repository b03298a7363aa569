package io.alerthub.store;

import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** PagerDuty webhook deliveries already taken, per customer: a delivery seen before is a replay and changes nothing. */
@Repository
public class PagerDutyDeliveryStore {
    private final JdbcTemplate jdbc;

    public PagerDutyDeliveryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the delivery; false when it was recorded before (concurrent copies included: the key decides). */
    public boolean firstSeen(String customerId, String deliveryId, Instant at) {
        try {
            return jdbc.update("INSERT INTO pagerduty_deliveries (customer_id, delivery_id, received_at) VALUES (?, ?, ?)",
                    customerId, deliveryId, Sql.ts(at)) == 1;
        } catch (DuplicateKeyException seen) {
            return false;
        }
    }

    /** Forgets a delivery that could not be applied, so PagerDuty's retry of it is taken. */
    public void forget(String customerId, String deliveryId) {
        jdbc.update("DELETE FROM pagerduty_deliveries WHERE customer_id = ? AND delivery_id = ?", customerId, deliveryId);
    }
}
