package io.alerthub.normalize.mail;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Decodes raw RFC 822 bytes into {@link MailText} with Jakarta Mail: encoded-word subjects, quoted-printable and
 * base64 bodies, ISO-2022-JP / Shift_JIS / EUC-JP / UTF-8 text (read with the Windows supersets, which Japanese mailers
 * really send), multipart/alternative (plain text preferred) and HTML-only mail (turned into text); attachments are
 * skipped. Every decode stays within {@link MimeLimits}: nesting depth, part count and time.
 */
public final class MimeDecoder {
    private static final Session SESSION = Session.getInstance(lenient());

    private MimeDecoder() {
    }

    /**
     * The decoded mail; throws {@link UnsafeMailException} when its structure is beyond {@code limits} (checked by a
     * streaming scan before Jakarta Mail parses anything, and again while the text is gathered) and a
     * {@link MessagingException} only when the bytes are not a message at all.
     */
    public static MailText decode(byte[] raw, MimeLimits limits)
            throws MessagingException, IOException, UnsafeMailException {
        MimeLimits.Budget budget = limits.start();
        MimeScan.check(raw, budget);
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        return headers(raw).withBody(text(message, budget.nextPass(), 0));
    }

    /**
     * What the header block alone says (Message-ID, sender, recipients, subject, date; empty body): read without
     * looking at the body, so it is cheap for any mail and possible for one whose body was never fetched.
     */
    public static MailText headers(byte[] raw) {
        InternetHeaders headers;
        try {
            headers = new InternetHeaders(new ByteArrayInputStream(raw), true);
        } catch (MessagingException e) {
            return new MailText(null, "", "", "", null, "");
        }
        String messageId = headers.getHeader("Message-ID", null);
        messageId = messageId == null || messageId.isBlank() ? null : messageId.strip();
        return new MailText(messageId, addresses(headers.getHeader("From")), addresses(headers.getHeader("To")),
                decodeHeader(headers.getHeader("Subject", null)), sentAt(headers.getHeader("Date", null)), "");
    }

    private static Instant sentAt(String date) {
        if (date == null) {
            return null;
        }
        try {
            return new MailDateFormat().parse(MimeUtility.unfold(date)).toInstant();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static Properties lenient() {
        Properties p = new Properties();
        // real alert mail breaks the rules (8-bit headers, encoded words inside words): decode what can be decoded
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.allowutf8", "true");
        return p;
    }

    private static String decodeHeader(String value) {
        if (value == null) {
            return "";
        }
        String unfolded = MimeUtility.unfold(value);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (IOException | RuntimeException e) {
            return unfolded;
        }
    }

    private static String addresses(String[] raw) {
        if (raw == null) {
            return "";
        }
        try {
            Address[] parsed = InternetAddress.parseHeader(String.join(",", raw), false);
            return Arrays.stream(parsed).map(a -> a instanceof InternetAddress ia && ia.getAddress() != null
                    ? ia.getAddress() : decodeHeader(a.toString())).collect(Collectors.joining(", "));
        } catch (MessagingException | RuntimeException e) {
            return decodeHeader(String.join(", ", raw));
        }
    }

    /**
     * The readable text of a part: plain text first, else HTML as text; empty when there is none. {@code depth} is the
     * number of multiparts around the part: a multipart is opened (parsed by Jakarta Mail) only within the budget.
     */
    static String text(Part part, MimeLimits.Budget budget, int depth)
            throws MessagingException, IOException, UnsafeMailException {
        budget.check();
        if (isAttachment(part)) {
            return "";
        }
        if (part.isMimeType("text/plain") || part.getContentType() == null) {
            return decodeText(part);
        }
        if (part.isMimeType("text/html")) {
            return htmlToText(decodeText(part));
        }
        if (part.isMimeType("multipart/*")) {
            budget.enter(depth + 1);
            Multipart multipart = (Multipart) part.getContent();
            boolean alternative = part.isMimeType("multipart/alternative");
            String html = null;
            StringBuilder mixed = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                budget.part();
                if (isAttachment(child)) {
                    continue;
                }
                if (alternative && child.isMimeType("text/html")) {
                    html = html == null ? htmlToText(decodeText(child)) : html;
                    continue;
                }
                String text = text(child, budget, depth + 1);
                if (alternative && !text.isBlank()) {
                    return text;
                }
                if (!text.isBlank() && mixed.isEmpty()) {
                    // multipart/mixed and related: the first readable part is the message, the rest are enclosures
                    mixed.append(text);
                }
            }
            if (!mixed.isEmpty()) {
                return mixed.toString();
            }
            return html == null ? "" : html;
        }
        if (part.isMimeType("text/*")) {
            return decodeText(part);
        }
        return "";
    }

    private static boolean isAttachment(Part part) throws MessagingException {
        return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    }

    /** The part's bytes (transfer encoding undone) as text in its declared, or else detected, charset. */
    private static String decodeText(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            // a broken quoted-printable or base64 body: keep the raw text rather than lose the mail
            try (InputStream in = rawStream(part)) {
                bytes = in == null ? new byte[0] : in.readAllBytes();
            }
        }
        String declared = null;
        try {
            declared = new ContentType(part.getContentType()).getParameter("charset");
        } catch (MessagingException | RuntimeException ignored) {
            // no or malformed Content-Type: fall through to detection
        }
        return decodeBytes(bytes, declared);
    }

    private static InputStream rawStream(Part part) throws MessagingException {
        if (part instanceof MimeMessage m) {
            return m.getRawInputStream();
        }
        if (part instanceof jakarta.mail.internet.MimeBodyPart b) {
            return b.getRawInputStream();
        }
        return null;
    }

    static String decodeBytes(byte[] bytes, String declared) {
        Charset charset = charsetFor(declared, bytes);
        return new String(bytes, charset);
    }

    /**
     * The charset to read with: the declared one mapped to the superset Japanese mailers really use (ISO-2022-JP
     * mail carries NEC/IBM extensions such as ①, "Shift_JIS" mail is CP932); without a declaration, ISO-2022-JP when
     * the bytes have its escapes, UTF-8 when they are valid UTF-8, else CP932.
     */
    static Charset charsetFor(String declared, byte[] bytes) {
        if (declared != null && !declared.isBlank()) {
            String name = declared.strip().replace("\"", "").toLowerCase(Locale.ROOT);
            String mapped = switch (name) {
                case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1", "iso-2022-jp-2" -> "x-windows-iso2022jp";
                case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "cp932", "ms932" ->
                        "windows-31j";
                case "euc-jp", "x-euc-jp" -> "x-eucjp-open";
                case "us-ascii", "ascii" -> "UTF-8";   // 8-bit bytes in a mail that claims ASCII are nearly always UTF-8
                default -> name;
            };
            for (String candidate : new String[] {mapped, name, MimeUtility.javaCharset(name)}) {
                try {
                    if (Charset.isSupported(candidate)) {
                        return Charset.forName(candidate);
                    }
                } catch (RuntimeException ignored) {
                    // an illegal charset name: try the next candidate
                }
            }
        }
        for (byte b : bytes) {
            if (b == 0x1b) {
                return Charset.forName("x-windows-iso2022jp");
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return Charset.forName("windows-31j");
        }
    }

    /** HTML as text, keeping line breaks at {@code <br>} and block ends so {@code Key: value} lines survive. */
    static String htmlToText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head").remove();
        doc.select("br").after("\\n");
        doc.select("p, div, tr, li, h1, h2, h3, h4, h5, h6, pre, table").after("\\n");
        doc.select("td, th").after(" ");
        String text = doc.text().replace("\\n", "\n");
        return Arrays.stream(text.split("\n")).map(String::strip).collect(Collectors.joining("\n")).strip();
    }
}
