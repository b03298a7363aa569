package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code kernel_limit} template (file descriptors, conntrack, processes): each table's use against
 * its limit, read from /proc, and the processes with the most threads. Nothing is changed (raising a kernel limit or
 * stopping a consumer is a person's call): always hands over what it found.
 */
@Component("kernelLimitScenario")
public class KernelLimitScenario {
    static final CommandTemplate FILES = CommandTemplate.builder("kernel_limit.files", "cat /proc/sys/fs/file-nr").build();
    static final CommandTemplate CONNTRACK = CommandTemplate.builder("kernel_limit.conntrack",
            "cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max").build();
    static final CommandTemplate TASKS = CommandTemplate.builder("kernel_limit.tasks",
            "cat /proc/loadavg /proc/sys/kernel/pid_max /proc/sys/kernel/threads-max").build();
    static final CommandTemplate TOP_THREADS = CommandTemplate.builder("kernel_limit.top_threads",
            "ps -eo nlwp,pid,user,comm --sort=-nlwp --no-headers").build();

    private final Scenarios scenarios;

    public KernelLimitScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(KernelLimitParams::read).ifPresent(p -> {
            // file-nr: allocated, allocated but unused, maximum
            Diagnostics.read(scenarios, run, "check", FILES, Map.of(), run.text("kernel.checked.files"))
                    .flatMap(out -> numbers(out, 3)).ifPresent(n -> run.found("file descriptors: "
                            + usage(n[0] - n[1], n[2])));
            if (!run.isOpen()) {
                return;
            }
            Diagnostics.read(scenarios, run, "check", CONNTRACK, Map.of(), run.text("kernel.checked.conntrack"))
                    .flatMap(out -> numbers(out, 2)).ifPresent(n -> run.found("conntrack entries: "
                            + usage(n[0], n[1])));
            if (!run.isOpen()) {
                return;
            }
            // loadavg's fourth field is running/total scheduling entities (threads)
            Diagnostics.read(scenarios, run, "check", TASKS, Map.of(), run.text("kernel.checked.threads")).ifPresent(out -> {
                        String[] words = out.trim().split("\\s+");
                        if (words.length >= 7 && words[3].matches("\\d+/\\d+")) {
                            long threads = Long.parseLong(words[3].substring(words[3].indexOf('/') + 1));
                            long limit = Math.min(positive(parse(words[5])), positive(parse(words[6])));
                            run.found("threads: " + usage(threads, limit));
                        }
                    });
        });
    }

    public void gather(ScenarioRun run) {
        run.params(KernelLimitParams::read).ifPresent(p -> {
            Diagnostics.read(scenarios, run, "gather", TOP_THREADS, Map.of(), run.text("kernel.checked.top"))
                    .ifPresent(out -> run.found("most threads (threads pid user command):\n"
                            + Diagnostics.head(out, p.topLines())));
            if (!run.isOpen()) {
                return;
            }
            run.leftForYou(run.text("kernel.left"));
            run.handOver(run.text("kernel.gathered"));
        });
    }

    private static Optional<long[]> numbers(String out, int count) {
        String[] words = out.trim().split("\\s+");
        if (words.length < count) {
            return Optional.empty();
        }
        long[] n = new long[count];
        for (int i = 0; i < count; i++) {
            n[i] = parse(words[i]);
            if (n[i] < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(n);
    }

    /** A count from /proc; fs.file-max is often Long.MAX_VALUE ("no limit"); -1 when it is not a number. */
    private static long parse(String word) {
        try {
            return word.matches("\\d{1,19}") ? Long.parseLong(word) : -1;
        } catch (NumberFormatException tooBig) {
            return Long.MAX_VALUE;
        }
    }

    private static long positive(long limit) {
        return limit < 0 ? Long.MAX_VALUE : limit;
    }

    static String usage(long used, long limit) {
        return used + " of " + limit + (limit > 0 && limit < Long.MAX_VALUE
                ? String.format(Locale.ROOT, " (%.0f %%)", used * 100.0 / limit) : "");
    }
}
