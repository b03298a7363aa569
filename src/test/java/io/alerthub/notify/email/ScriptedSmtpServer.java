package io.alerthub.notify.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal SMTP server for tests that answers {@code MAIL}, {@code RCPT} and the end of {@code DATA} with scripted
 * replies, so the e-mail channel meets real 4xx and 5xx answers on the wire (GreenMail accepts everything).
 */
final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;
    private final String mailReply;
    private final String rcptReply;
    private final String dataReply;

    ScriptedSmtpServer(String mailReply, String rcptReply, String dataReply) throws IOException {
        this.mailReply = mailReply;
        this.rcptReply = rcptReply;
        this.dataReply = dataReply;
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // a client that hung up mid-conversation: wait for the next one
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
        reply(out, "220 scripted ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
            switch (verb) {
                case "EHLO", "HELO" -> reply(out, "250 scripted");
                case "MAIL" -> reply(out, mailReply);
                case "RCPT" -> reply(out, rcptReply);
                case "DATA" -> {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // the message itself does not matter here
                    }
                    reply(out, dataReply);
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 ok");
            }
        }
    }

    private static void reply(Writer out, String reply) throws IOException {
        out.write(reply + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
