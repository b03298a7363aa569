package io.alerthub.normalize.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * The cheap look at a mail's MIME structure before Jakarta Mail parses it (normalize stage): one streaming pass with
 * mime4j that stops at the first multipart deeper than the depth limit, the first part beyond the part limit, or the
 * end of the time budget. Jakarta Mail re-reads the rest of the mail at every nesting level, so a mail of 20,000
 * nested multiparts costs it minutes (stack.md trap 21); this pass costs at most depth-limit reads of the bytes.
 */
final class MimeScan {
    /** Lenient like the decoder: real alert mail has long lines and long headers. */
    private static final MimeConfig CONFIG = new MimeConfig.Builder().setMaxLineLen(-1).setMaxHeaderLen(-1)
            .setMaxHeaderCount(1000).setStrictParsing(false).build();

    private MimeScan() {
    }

    /** Throws when the mail's structure is beyond a limit; embedded message/rfc822 parts are not entered. */
    static void check(byte[] raw, MimeLimits.Budget budget) throws UnsafeMailException {
        MimeTokenStream stream = new MimeTokenStream(CONFIG);
        // the decoder reads no attached message either, so their structure costs nothing
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(new ByteArrayInputStream(raw));
        int depth = 0;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MULTIPART -> budget.enter(++depth);
                    case T_END_MULTIPART -> depth--;
                    case T_START_BODYPART -> budget.part();
                    default -> budget.check();
                }
            }
        } catch (MimeException | IOException e) {
            throw new UnsafeMailException("mime_malformed", "the MIME structure cannot be read: " + e.getMessage());
        }
    }
}
