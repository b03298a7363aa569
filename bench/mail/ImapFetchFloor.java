import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * The floor of the mail benchmark: how fast a plain Jakarta Mail client reads the raw bytes of every message in a
 * folder, with no parsing and no storing, the folder opened read-only and every fetch a BODY.PEEK (nothing is marked
 * seen, so the hub reads the same messages afterwards). Two ways: batched (one FETCH of whole messages per
 * {@code batch}, as the hub's poller does) and, on the first {@code sample} messages only, one FETCH per message (as
 * camel-mail's consumer does).
 * Usage: java -cp 'lib/*' ImapFetchFloor.java host port user password folder batch sample
 * Prints one line per way: {@code floor <way> <mails> <seconds> <bytes>}.
 */
public class ImapFetchFloor {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[5]);
        int sample = Integer.parseInt(args[6]);
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(host, port, args[2], args[3]);
        try {
            Folder folder = store.getFolder(args[4]);
            folder.open(Folder.READ_ONLY);
            int total = folder.getMessageCount();

            long t0 = System.nanoTime();
            long bytes = 0;
            for (int start = 1; start <= total; start += batch) {
                Message[] chunk = folder.getMessages(start, Math.min(total, start + batch - 1));
                FetchProfile profile = new FetchProfile();
                profile.add(IMAPFolder.FetchProfileItem.MESSAGE);
                folder.fetch(chunk, profile);
                for (Message m : chunk) {
                    bytes += raw(m);
                }
            }
            report("batched", total, t0, bytes);
            folder.close(false);

            // a fresh session, so no message is already cached
            folder = store.getFolder(args[4]);
            folder.open(Folder.READ_ONLY);
            int n = Math.min(sample, total);
            t0 = System.nanoTime();
            bytes = 0;
            for (int i = 1; i <= n; i++) {
                Message m = folder.getMessage(i);
                ((IMAPMessage) m).setPeek(true);
                bytes += raw(m);
            }
            report("per-message", n, t0, bytes);
            folder.close(false);
        } finally {
            store.close();
        }
    }

    private static long raw(Message m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.size();
    }

    private static void report(String way, int mails, long t0, long bytes) {
        System.out.printf("floor %s %d %.3f %d%n", way, mails, (System.nanoTime() - t0) / 1e9, bytes);
    }
}
