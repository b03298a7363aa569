package io.alerthub.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notify stage's HTTP client against a real HTTP server that answers with far more than any API would. */
class OutboundHttpIT {
    private static final String HUGE = "x".repeat(8 << 20);

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static CamelContext camel;
    static OutboundHttp http;

    @BeforeAll
    static void startCamel() {
        camel = NotificationSamples.camel();
        http = new OutboundHttp(camel.createProducerTemplate(), server.baseUrl(), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    @Test
    void aMultiMegabyteAnswerIsReadOnlyUpToTheCap() throws Exception {
        server.stubFor(post("/huge").willReturn(aResponse().withStatus(500).withHeader("Retry-After", "3")
                .withBody(HUGE)));

        OutboundHttp.Response response = http.postJson(server.baseUrl() + "/huge", Map.of(), "{}");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.retryAfter()).isEqualTo("3");
        assertThat(response.body().length()).isEqualTo(OutboundHttp.MAX_RESPONSE_BYTES);
        assertThat(response.truncated()).isTrue();
    }

    @Test
    void aReadingCallMayTakeALargerAnswerAndTheNextCallIsBoundAgain() throws Exception {
        server.stubFor(post("/history").willReturn(aResponse().withStatus(200).withBody(HUGE)));

        OutboundHttp.Response page = http.postForm(server.baseUrl() + "/history", Map.of(), Map.of("limit", "100"),
                256 * 1024);
        OutboundHttp.Response next = http.postJson(server.baseUrl() + "/history", Map.of(), "{}");

        assertThat(page.body().length()).as("a page of messages: up to the reading call's own limit")
                .isEqualTo(256 * 1024);
        assertThat(page.truncated()).isTrue();
        assertThat(next.body().length()).as("the posting call after it on the same thread: the usual limit")
                .isEqualTo(OutboundHttp.MAX_RESPONSE_BYTES);
    }

    @Test
    void aChunkedAnswerWithoutLengthIsCutToo() throws Exception {
        server.stubFor(post("/chunked").willReturn(aResponse().withStatus(200).withChunkedDribbleDelay(4, 1)
                .withBody(HUGE)));

        OutboundHttp.Response response = http.postJson(server.baseUrl() + "/chunked", Map.of(), "{}");

        assertThat(response.body().length()).isEqualTo(OutboundHttp.MAX_RESPONSE_BYTES);
        assertThat(response.truncated()).isTrue();
    }

    @Test
    void aSmallAnswerIsWholeAndTheConnectionStaysUsable() throws Exception {
        server.stubFor(post("/huge").willReturn(aResponse().withStatus(200).withBody(HUGE)));
        server.stubFor(post("/small").willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));

        http.postJson(server.baseUrl() + "/huge", Map.of(), "{}");
        OutboundHttp.Response response = http.postJson(server.baseUrl() + "/small", Map.of(), "{}");

        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.truncated()).isFalse();
    }

    @Test
    void theFieldsOfACutJsonAnswerAreReadAsFarAsItGoes() {
        OutboundHttp.Response cut = new OutboundHttp.Response(200,
                "{\"ok\":true,\"ts\":\"1.2\",\"message\":{\"text\":\"long\"},\"padding\":\"xxxxx", null, true);

        assertThat(cut.json().path("ok").asBoolean()).isTrue();
        assertThat(cut.json().path("ts").asText()).isEqualTo("1.2");
        assertThat(cut.json().has("padding")).isFalse();
    }
}
