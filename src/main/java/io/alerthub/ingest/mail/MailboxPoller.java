package io.alerthub.ingest.mail;

import io.alerthub.config.MailConfig;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one customer's mailbox in batches for the {@code ingest.mail} route: per poll one SEARCH for unseen mail, one
 * FETCH of the flags and sizes of up to {@code maxMessagesPerPoll} mails, one FETCH of the whole messages within
 * {@code alerthub.mail.max-message-size} (and one of the headers alone of any larger mail, which is quarantined
 * unread), every mail of the batch sent concurrently through the per-mail route on the shared, round-robin
 * {@link FairWorkers} (so the intake's group commit stores them together and no mailbox holds every worker), then,
 * for the mails whose commit succeeded only, one COPY per destination folder, one STORE of \Seen and \Deleted and
 * one EXPUNGE; a mail the hub refused to decode is held in place instead (one STORE of \Seen and \Flagged). camel-mail's
 * consumer spends three to seven IMAP round trips per mail instead, which bounds it to a few mails per second.
 */
public class MailboxPoller implements AutoCloseable {
    /** Exchange property the scheduler reads: {@code false} when the poll did not fill a batch (no immediate re-poll). */
    static final String POLLED_MESSAGES = Exchange.SCHEDULER_POLLED_MESSAGES;
    /** Header the per-mail route sets when no parser understood the mail: it is filed in the quarantine folder. */
    static final String QUARANTINE_HEADER = "alerthubMailQuarantine";
    private static final Logger LOG = LoggerFactory.getLogger(MailboxPoller.class);

    private final String customerId;
    private final MailConfig mail;
    private final int maxMessagesPerPoll;
    private final int timeoutMs;
    private final int backoffPolls;
    private final String perMailEndpoint;
    private final ProducerTemplate producer;
    private final long maxMessageBytes;
    private final FairWorkers workers;
    private final MailboxHealth.Mailbox health;
    private Store store;
    private Folder folder;
    private int skipPolls;

    MailboxPoller(String customerId, MailConfig mail, MailProperties properties, String perMailEndpoint,
                  ProducerTemplate producer, FairWorkers workers, MailboxHealth.Mailbox health) {
        this.customerId = customerId;
        this.mail = mail;
        this.maxMessagesPerPoll = properties.maxMessagesPerPoll();
        this.timeoutMs = (int) properties.timeout().toMillis();
        this.backoffPolls = properties.backoffMultiplier();
        this.maxMessageBytes = properties.maxMessageSize().toBytes();
        this.perMailEndpoint = perMailEndpoint;
        this.producer = producer;
        this.workers = workers;
        this.health = health;
    }

    /** Camel step (scheduler route): one poll; tells the scheduler whether a full batch came back. */
    public synchronized void poll(Exchange exchange) {
        exchange.setProperty(POLLED_MESSAGES, false);
        if (skipPolls > 0) {
            // backoff after a failed poll: an unreachable server is not hammered every interval
            skipPolls--;
            return;
        }
        long t0 = System.nanoTime();
        Batch batch;
        try {
            batch = fetchBatch();
        } catch (MessagingException | RuntimeException e) {
            health.pollFailed(e);
            skipPolls = backoffPolls;
            disconnect();
            return;
        }
        health.pollSucceeded();
        if (batch.mails().isEmpty()) {
            return;
        }
        long t1 = System.nanoTime();
        Filing stored = storeAll(batch);
        long t2 = System.nanoTime();
        file(stored);
        long t3 = System.nanoTime();
        // where a poll's time goes (IMAP search and fetch, parse and commit, IMAP filing): the benchmark reads these
        LOG.debug("customer {}: poll of {} mails: search+fetch {} ms, parse+store {} ms, file {} ms", customerId,
                batch.mails().size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        exchange.setProperty(POLLED_MESSAGES, batch.mails().size() >= maxMessagesPerPoll);
    }

    /**
     * The unseen mails of this poll: their flags and sizes first (RFC822.SIZE), then in one FETCH each mail within the
     * size limit whole (BODY.PEEK[], so none is marked seen) and in another the headers alone of the larger ones.
     */
    private Batch fetchBatch() throws MessagingException {
        Folder f = openFolder();
        Message[] unseen = f.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        health.unseen(unseen.length);
        int n = Math.min(unseen.length, maxMessagesPerPoll);
        Message[] batch = new Message[n];
        System.arraycopy(unseen, 0, batch, 0, n);
        if (n == 0) {
            return new Batch(List.of(), Map.of());
        }
        FetchProfile sizes = new FetchProfile();
        sizes.add(FetchProfile.Item.FLAGS);
        sizes.add(FetchProfile.Item.SIZE);
        f.fetch(batch, sizes);
        List<Message> live = new ArrayList<>(n);
        List<Message> whole = new ArrayList<>(n);
        Map<Message, Integer> large = new HashMap<>();
        for (Message m : batch) {
            // flagged \Deleted by someone else (or by a crash between COPY and EXPUNGE): already filed
            if (!m.isExpunged() && !m.getFlags().contains(Flags.Flag.DELETED)) {
                live.add(m);
                if (m.getSize() > maxMessageBytes) {
                    large.put(m, m.getSize());
                } else {
                    whole.add(m);
                }
            }
        }
        fetch(f, whole, IMAPFolder.FetchProfileItem.MESSAGE);
        fetch(f, List.copyOf(large.keySet()), IMAPFolder.FetchProfileItem.HEADERS);
        return new Batch(live, large);
    }

    private static void fetch(Folder f, List<Message> messages, FetchProfile.Item item) throws MessagingException {
        if (!messages.isEmpty()) {
            FetchProfile profile = new FetchProfile();
            profile.add(item);
            f.fetch(messages.toArray(Message[]::new), profile);
        }
    }

    /**
     * Sends every mail through the per-mail route at once, so their inbox commits share transactions, and waits for
     * all of them. A mail over the size limit goes as its headers only, marked {@link MailReader#TOO_LARGE_HEADER}.
     * Returns the committed mails by destination folder, and those to hold in place; a mail whose commit failed is in
     * none of them and stays unseen in the mailbox, to be read (and recognised by Message-ID) again.
     */
    private Filing storeAll(Batch polled) {
        List<Message> batch = polled.mails();
        List<Future<Exchange>> pending = new ArrayList<>(batch.size());
        for (Message m : batch) {
            Exchange exchange = new DefaultExchange(producer.getCamelContext(), ExchangePattern.InOut);
            Integer size = polled.tooLarge().get(m);
            if (size != null) {
                LOG.warn("customer {}: mail #{} has {} bytes, over alerthub.mail.max-message-size ({} bytes);"
                        + " keeping its headers only", customerId, m.getMessageNumber(), size, maxMessageBytes);
                exchange.getIn().setBody(MailReader.headersOnly(m, "the hub did not fetch this mail's body: "
                        + size + " bytes, over the limit of " + maxMessageBytes + " bytes"));
                exchange.getIn().setHeader(MailReader.TOO_LARGE_HEADER, size.longValue());
            } else {
                exchange.getIn().setBody(MailReader.rawBytes(customerId, m));
            }
            exchange.getIn().setHeader(MailReader.CUSTOMER_HEADER, customerId);
            pending.add(workers.submit(customerId, () -> producer.send(perMailEndpoint, exchange)));
        }
        Map<String, List<Message>> byFolder = new LinkedHashMap<>();
        List<Message> held = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Exchange done = await(pending.get(i));
            if (done == null || done.getException() != null) {
                LOG.warn("customer {}: mail #{} not stored ({}); it stays unseen and is read again", customerId,
                        batch.get(i).getMessageNumber(), done == null ? "interrupted" : done.getException().toString());
                continue;
            }
            if (done.getMessage().getHeader(MailReader.HOLD_HEADER, false, Boolean.class)) {
                held.add(batch.get(i));
                continue;
            }
            boolean quarantine = done.getMessage().getHeader(QUARANTINE_HEADER, false, Boolean.class);
            String target = quarantine ? mail.quarantineFolder() : mail.processedFolder();
            byFolder.computeIfAbsent(target, k -> new ArrayList<>()).add(batch.get(i));
        }
        return new Filing(byFolder, held);
    }

    private static Exchange await(Future<Exchange> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the per-mail route failed outside its exchange", e.getCause());
        }
    }

    /**
     * Files the committed mails: a copy into the destination folder, then \Seen and \Deleted on the originals, then
     * EXPUNGE (camel-mail's moveTo, but one command per batch instead of per mail). The copy comes first so a failure
     * (a timeout, a dropped connection) never leaves a mail seen but unmoved, where no later poll would look: the
     * originals stay unseen and are read again, recognised as stored, and filed (at worst copied twice). A mail the hub
     * refused to decode is not copied but held where it is, marked \Seen and \Flagged, so no later poll reads it.
     */
    private void file(Filing filing) {
        if (filing.moves().isEmpty() && filing.held().isEmpty()) {
            return;
        }
        try {
            if (!filing.held().isEmpty()) {
                Flags seenAndFlagged = new Flags(Flags.Flag.SEEN);
                seenAndFlagged.add(Flags.Flag.FLAGGED);
                folder.setFlags(filing.held().toArray(Message[]::new), seenAndFlagged, true);
            }
            if (filing.moves().isEmpty()) {
                return;
            }
            List<Message> all = new ArrayList<>();
            filing.moves().values().forEach(all::addAll);
            Message[] done = all.toArray(Message[]::new);
            for (Map.Entry<String, List<Message>> e : filing.moves().entrySet()) {
                Folder target = store.getFolder(e.getKey());
                if (!target.exists()) {
                    target.create(Folder.HOLDS_MESSAGES);
                }
                folder.copyMessages(e.getValue().toArray(Message[]::new), target);
            }
            Flags seenAndDeleted = new Flags(Flags.Flag.SEEN);
            seenAndDeleted.add(Flags.Flag.DELETED);
            folder.setFlags(done, seenAndDeleted, true);
            folder.expunge();
        } catch (MessagingException | RuntimeException e) {
            health.fileFailed(e);
        }
    }

    private Folder openFolder() throws MessagingException {
        if (store == null || !store.isConnected()) {
            disconnect();
            Properties p = new Properties();
            String proto = mail.protocol();
            p.setProperty("mail." + proto + ".connectiontimeout", String.valueOf(timeoutMs));
            p.setProperty("mail." + proto + ".timeout", String.valueOf(timeoutMs));
            p.setProperty("mail." + proto + ".writetimeout", String.valueOf(timeoutMs));
            Store s = Session.getInstance(p).getStore(proto);
            s.connect(mail.host(), mail.port(), mail.username(),
                    new String(mail.password().bytes(), StandardCharsets.UTF_8));
            store = s;
        }
        if (folder == null) {
            folder = store.getFolder(mail.folder());
        }
        if (!folder.isOpen()) {
            folder.open(Folder.READ_WRITE);
        }
        return folder;
    }

    private void disconnect() {
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("customer {}: closing the mailbox connection: {}", customerId, e.toString());
        }
        store = null;
        folder = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }

    /** Where a poll's committed mails go: copied to a folder (by name), or held in place (refused unread). */
    private record Filing(Map<String, List<Message>> moves, List<Message> held) {
    }

    /** One poll's unseen mails, and the sizes of those over the size limit (fetched as headers only). */
    private record Batch(List<Message> mails, Map<Message, Integer> tooLarge) {
    }
}
