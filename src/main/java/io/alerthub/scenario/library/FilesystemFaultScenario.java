package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code filesystem_fault} template (read-only remount, device errors): how the filesystem is mounted
 * now, and the kernel's filesystem and I/O errors. Never changes anything (a remount or fsck needs a person and
 * usually a maintenance window): always hands over what it found.
 */
@Component("filesystemFaultScenario")
public class FilesystemFaultScenario {
    static final CommandTemplate MOUNT = CommandTemplate.builder("filesystem_fault.mount",
            "findmnt -n -o TARGET,SOURCE,FSTYPE,OPTIONS -T {{path}}").param("path", ParamType.PATH).build();
    static final CommandTemplate KERNEL_ERRORS = CommandTemplate.builder("filesystem_fault.kernel_errors",
            "journalctl -k -n {{lines}} --no-pager --grep 'I/O error|EXT4-fs error|XFS .*(error|corrupt)|BTRFS error"
                    + "|Remounting filesystem read-only|blk_update_request|critical medium error'")
            .param("lines", ParamType.integer(10, 5000)).build();

    private final Scenarios scenarios;

    public FilesystemFaultScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(v -> FilesystemFaultParams.read(v, run)).ifPresent(p -> Diagnostics.read(scenarios, run, "check",
                MOUNT, Map.of("path", p.path()), run.text("fs.checked.mount", "path", p.path())).ifPresent(out -> {
                    String[] fields = out.strip().split("\\s+");
                    if (fields.length >= 4) {
                        boolean readOnly = List.of(fields[3].split(",")).contains("ro");
                        run.fact("readOnly", readOnly);
                        run.found(fields[0] + " is " + fields[2] + " on " + fields[1] + ", mounted "
                                + (readOnly ? "READ-ONLY" : "read-write") + " (" + fields[3] + ")");
                    }
                }));
    }

    public void gather(ScenarioRun run) {
        run.params(v -> FilesystemFaultParams.read(v, run)).ifPresent(p -> {
            Diagnostics.kernelErrors(scenarios, run, KERNEL_ERRORS, p.kernelLines(),
                    run.text("diag.kind.filesystem"));
            if (!run.isOpen()) {
                return;
            }
            Boolean readOnly = run.fact("readOnly");
            run.leftForYou(run.text(Boolean.TRUE.equals(readOnly) ? "fs.left.read-only" : "fs.left.check",
                    "path", p.path()));
            run.handOver(run.text("fs.gathered", "path", p.path()));
        });
    }
}
