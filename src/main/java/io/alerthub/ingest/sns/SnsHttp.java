package io.alerthub.ingest.sns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.stereotype.Component;

/**
 * The SNS endpoint's only outbound HTTP: GETs of signing certificates and subscription URLs that already passed the
 * URL rules, over HTTPS verified against {@link SnsTrust}, with connect and request timeouts, no redirects and a
 * bounded answer.
 */
@Component
public class SnsHttp {
    private final HttpClient client;
    private final SnsProperties properties;

    public SnsHttp(SnsProperties properties, SnsTrust trust) {
        this.properties = properties;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(trust.sslContext())
                .build();
    }

    /** The answer's status and at most {@code maxBytes} of its body (more is an error). */
    public Answer get(URI uri, int maxBytes) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout()).GET()
                .header("User-Agent", "alert-hub-sns").build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    if (out.size() > maxBytes) {
                        throw new IOException("answer from " + uri.getHost() + " exceeds " + maxBytes + " bytes");
                    }
                }
                return new Answer(response.statusCode(), out.toByteArray());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Status and body of a GET. */
    public record Answer(int status, byte[] body) {
    }
}
