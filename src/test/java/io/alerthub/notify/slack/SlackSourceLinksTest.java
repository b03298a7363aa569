package io.alerthub.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.Link;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationContent;
import io.alerthub.notify.NotificationSamples;
import io.alerthub.notify.NotifyTexts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert's own links (runbook, dashboard) reach the Slack message in a block of their own, safely. */
class SlackSourceLinksTest {
    private final SlackMessages messages = new SlackMessages(new NotifyTexts());

    @Test
    void runbookAndDashboardAreLinkedInTheirOwnBlock() {
        String blocks = render(List.of(new Link("https://runbooks.example/disk", "runbook"),
                new Link("https://grafana.example/d/abc?orgId=1&var=x", "dashboard"))).path("blocks").toString();
        assertThat(blocks).contains("<https://runbooks.example/disk|runbook>")
                .contains("<https://grafana.example/d/abc?orgId=1&amp;var=x|dashboard>")
                .contains("*Links*");
    }

    @Test
    void aLinkTextCannotPlantMarkupAndABadUrlIsShownAsTextOnly() {
        String blocks = render(List.of(new Link("https://evil.example/x|<!channel>", "<!channel> click"))).path("blocks")
                .toString();
        assertThat(blocks).doesNotContain("<!channel>").doesNotContain("<https://evil.example");
    }

    @Test
    void noLinksNoBlock() {
        assertThat(render(List.of()).path("blocks").toString()).doesNotContain("*Links*");
    }

    private ObjectNode render(List<Link> links) {
        NotificationContent c = NotificationSamples.content("en");
        NotificationContent withLinks = new NotificationContent(c.customerId(), c.customerName(), c.locale(),
                c.incidentId(), c.host(), c.alertName(), c.alertClass(), c.severity(), c.state(), c.outcome(),
                c.summary(), c.steps(), c.diagnostics(), c.incidentUrl(), c.firstSeen(), c.digestItems(), links);
        Notification n = NotificationSamples.notification(NotificationAction.TRIGGER, "en", null);
        return messages.render(NotificationSamples.with(n, withLinks));
    }
}
