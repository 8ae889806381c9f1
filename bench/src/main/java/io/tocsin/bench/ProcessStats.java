package io.tocsin.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory and CPU time from Linux {@code /proc}: {@code VmRSS} and {@code VmHWM} (peak) of
 * {@code /proc/<pid>/status}, {@code utime + stime} of {@code /proc/<pid>/stat} in clock ticks (100 per second).
 */
public final class ProcessStats {

    private ProcessStats() {
    }

    /** Resident set size in bytes, or -1. */
    public static long rss(long pid) {
        return statusKb(pid, "VmRSS:") * 1024;
    }

    /** Peak resident set size in bytes since the process started, or -1. */
    public static long peakRss(long pid) {
        return statusKb(pid, "VmHWM:") * 1024;
    }

    /** CPU seconds (user + system) used so far, or -1. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return -1;
        }
    }

    /** CPU seconds (user + system) of the process's children that ended and were waited for, or 0. */
    public static double exitedChildrenCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            // the process is gone
        }
        return -1;
    }
}
