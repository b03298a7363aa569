package io.alerthub.scenario.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a remote command, keeping its first {@code limit} bytes and counting the rest; the rest is
 * read and dropped rather than refused, so the remote command is never blocked by a full window.
 */
final class CappedOutput extends OutputStream {
    private final int limit;
    private final ByteArrayOutputStream kept;
    private long total;

    CappedOutput(int limit) {
        this.limit = limit;
        this.kept = new ByteArrayOutputStream(Math.min(limit, 4096));
    }

    @Override
    public synchronized void write(int b) {
        if (total++ < limit) {
            kept.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        long room = limit - total;
        if (room > 0) {
            kept.write(b, off, (int) Math.min(room, len));
        }
        total += len;
    }

    synchronized boolean truncated() {
        return total > limit;
    }

    /** The kept bytes as UTF-8; malformed bytes (also a character cut at the limit) become U+FFFD. */
    synchronized String text() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(kept.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }
}
