package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The new templates read real tools' output as those tools print it (chrony 4.x, mdadm's /proc/mdstat, iproute2). */
class DiagnosticsParsingTest {

    @Test
    void chronyTrackingGivesTheOffsetInMillisecondsPositiveWhenFast() {
        String tracking = """
                Reference ID    : 85F3EEA4 (ntp1.example.net)
                Stratum         : 3
                Ref time (UTC)  : Mon Dec 07 13:02:11 2026
                System time     : 0.000731950 seconds slow of NTP time
                Last offset     : -0.000118544 seconds
                Leap status     : Normal
                """;

        assertThat(TimeSyncScenario.offset(tracking)).hasValueSatisfying(o -> assertThat(o).isCloseTo(-0.73195,
                org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(TimeSyncScenario.offset(tracking.replace("slow", "fast"))).hasValueSatisfying(o -> assertThat(o)
                .isPositive());
        assertThat(TimeSyncScenario.offset("506 Cannot talk to daemon")).isEmpty();
    }

    @Test
    void mdstatNamesADegradedArrayAndItsFailedMember() {
        String mdstat = """
                Personalities : [raid1] [raid6] [raid5] [raid4]
                md1 : active raid1 sdb2[1] sda2[0]
                      104320 blocks [2/2] [UU]

                md0 : active raid1 sdb1[2](F) sda1[0]
                      1952855104 blocks super 1.2 [2/1] [U_]
                      bitmap: 3/15 pages [12KB], 65536KB chunk

                unused devices: <none>
                """;

        assertThat(HardwareScenario.arrays(mdstat)).containsExactly(
                "md1 (active raid1): healthy 2 of 2 members up [UU]",
                "md0 (active raid1, a member failed): DEGRADED 1 of 2 members up [U_]");
        assertThat(HardwareScenario.arrays("Personalities : \nunused devices: <none>\n"))
                .containsExactly("no software RAID arrays");
    }

    @Test
    void ipStatisticsGiveBytesPacketsErrorsAndDropsPerDirection() {
        String ip = """
                2: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000
                    link/ether fa:16:3e:4c:1d:2e brd ff:ff:ff:ff:ff:ff
                    RX:  bytes packets errors dropped  missed   mcast
                    3012345678 2234567     17       3       0       0
                    TX:  bytes packets errors dropped carrier collsns
                     412345678  934567      0       0       0       0
                """;

        assertThat(NetworkInterfaceScenario.counters(ip)).containsExactly(
                "RX bytes 3012345678 packets 2234567 errors 17 dropped 3",
                "TX bytes 412345678 packets 934567 errors 0 dropped 0");
    }

    @Test
    void kernelLimitUsageShowsAPercentOnlyForARealLimit() {
        assertThat(KernelLimitScenario.usage(761_856, 819_200)).isEqualTo("761856 of 819200 (93 %)");
        assertThat(KernelLimitScenario.usage(2304, Long.MAX_VALUE)).isEqualTo("2304 of " + Long.MAX_VALUE);
    }
}
