package io.alerthub.ingest;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.store.RejectedStore;
import io.alerthub.support.ProblemException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ingest stage guard in front of the Camel HTTP routes: refuses form-encoded and multipart bodies (415; the
 * servlet layer would otherwise try to parse them as parameters) and bodies over the size limit (413) before any
 * route runs, and hands the route a body that is already bounded in memory.
 */
public class IngestGuardFilter extends OncePerRequestFilter {
    private static final Pattern PATH = Pattern.compile("^/api/v1/customers/([^/]+)/(?:alerts/([^/]+)|(sns))/?$");
    private final IngestProperties properties;
    private final IngestProblems problems;
    private final CustomerRegistry customers;

    public IngestGuardFilter(IngestProperties properties, IngestProblems problems, CustomerRegistry customers) {
        this.properties = properties;
        this.problems = problems;
        this.customers = customers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !PATH.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = PATH.matcher(request.getRequestURI());
        m.matches();
        String customerId = m.group(1);
        String format = m.group(2) != null ? m.group(2) : "sns";
        String channel = m.group(3) != null ? "sns" : "webhook";
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            byte[] excerpt = readAtMost(request.getInputStream(), RejectedStore.EXCERPT_BYTES);
            refuse(request, response, new ProblemException(415, "unsupported_media_type", "Unsupported media type",
                    "content type \"" + request.getContentType() + "\" is not accepted; send the payload as"
                            + " application/json (curl: --data-binary with -H 'Content-Type: application/json')"),
                    customerId, channel, format, excerpt);
            return;
        }
        long limit = customers.find(customerId).map(c -> c.ingest().maxBodyBytesOverride())
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).orElse(properties.maxBodyBytes());
        long declared = request.getContentLengthLong();
        byte[] body = readAtMost(request.getInputStream(), declared > limit ? RejectedStore.EXCERPT_BYTES : limit + 1);
        if (declared > limit || body.length > limit) {
            refuse(request, response, new ProblemException(413, "payload_too_large", "Payload too large",
                    "the body has " + (declared > 0 ? declared : "more than " + limit) + " bytes; the limit is " + limit),
                    customerId, channel, format, body);
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemException problem, String customerId, String channel,
                        String format, byte[] body) throws IOException {
        long size = Math.max(request.getContentLengthLong(), body.length);
        String json = problems.reject(problem, customerId, channel, format, body, size);
        response.setStatus(problem.status());
        response.setContentType(IngestProblems.PROBLEM_JSON);
        response.setHeader("Connection", "close");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long left = max;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            out.write(buf, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    /** The request with its body already read into memory. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        /** JSON without a declared charset is UTF-8 (RFC 8259), not the servlet default ISO-8859-1. */
        @Override
        public String getCharacterEncoding() {
            String declared = super.getCharacterEncoding();
            return declared == null ? StandardCharsets.UTF_8.name() : declared;
        }

        @Override
        public BufferedReader getReader() throws UnsupportedEncodingException {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), getCharacterEncoding()));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
