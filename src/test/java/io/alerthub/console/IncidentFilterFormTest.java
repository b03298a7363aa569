package io.alerthub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.IncidentState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The incident list's query: blanks mean "any", bad values are named, URLs keep the filters encoded. */
class IncidentFilterFormTest {

    @Test
    void blanksMeanAny() {
        IncidentFilterForm form = new IncidentFilterForm(" ", "", null, "  ", "", "", "");
        assertThat(form.isFiltered()).isFalse();
        assertThat(form.stateValue()).isNull();
        assertThat(form.since(Instant.EPOCH)).isNull();
        assertThat(form.problems()).isEmpty();
        assertThat(form.url("/console/incidents/rows", null)).isEqualTo("/console/incidents/rows");
    }

    @Test
    void valuesAreReadLeniently() {
        IncidentFilterForm form = new IncidentFilterForm("demo", "escalated", "disk_usage", "web-1", "alice", "24h", null);
        assertThat(form.stateValue()).isEqualTo(IncidentState.ESCALATED);
        assertThat(form.since(Instant.parse("2026-12-07T12:00:00Z"))).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(form.problems()).isEmpty();
    }

    @Test
    void badValuesAreNamedQuotedAndIgnored() {
        IncidentFilterForm form = new IncidentFilterForm(null, "LOST", null, null, null, "1y", null);
        assertThat(form.stateValue()).isNull();
        assertThat(form.since(Instant.EPOCH)).isNull();
        assertThat(form.problems()).containsExactly(
                "state: unknown state \"LOST\" (valid: \"OPEN\", \"AUTOMATING\", \"RESOLVED\", \"HANDED_OVER\", "
                        + "\"ESCALATED\", \"ACKNOWLEDGED\", \"CLOSED\", \"SUPPRESSED\")",
                "within: unknown time window \"1y\" (valid: \"1h\", \"24h\", \"7d\", \"30d\")");
    }

    @Test
    void urlsCarryTheFiltersAndTheCursorEncoded() {
        IncidentFilterForm form = new IncidentFilterForm("demo", null, null, "web 1&x=y", null, "7d", "abc");
        assertThat(form.url("/console/incidents", "0190-next")).isEqualTo(
                "/console/incidents?customer=demo&host=web%201%26x%3Dy&within=7d&cursor=0190-next");
        assertThat(form.query()).isEqualTo("customer=demo&host=web%201%26x%3Dy&within=7d");
    }
}
