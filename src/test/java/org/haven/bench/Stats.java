package org.haven.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small helpers for the benchmark: percentiles, CPU time of processes, machine load. Not a test. */
final class Stats {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private Stats() {
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Waits up to {@code seconds} for the 1-minute load average to fall below 1. */
    static void waitForIdleMachine(int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline && oneMinuteLoad() >= 1.0) {
            System.out.println("waiting for the machine to go idle, load " + loadAverage());
            Thread.sleep(15_000);
        }
    }

    static double oneMinuteLoad() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime of one process in seconds, or 0 if it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The process and all its children (one level is enough for PostgreSQL's postmaster). */
    static double cpuSecondsWithChildren(long pid) {
        double total = cpuSeconds(pid);
        for (long child : children(pid)) {
            total += cpuSeconds(child);
        }
        return total;
    }

    static List<Long> children(long parent) {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == parent) {
                        out.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return out;
    }

    /** Busy and total jiffies of the whole machine (all cores) from /proc/stat. */
    static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 1};
        }
    }

    static String vmRss(long pid) {
        long kib = vmRssKib(pid);
        return kib < 0 ? "?" : String.format(Locale.ROOT, "%.0f MB", kib / 1024.0);
    }

    /** Resident memory of a process in KiB, or -1 when it is gone. */
    static long vmRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    /** What else used the CPU over the last second: processes above 10 % of a core, not counting {@code ours}. */
    static String otherBusyProcesses(List<Long> ours) {
        java.util.Map<Long, Double> before = allCpu();
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        java.util.Map<Long, Double> after = allCpu();
        StringBuilder busy = new StringBuilder();
        after.forEach((pid, cpu) -> {
            double used = cpu - before.getOrDefault(pid, cpu);
            if (used >= 0.10 && !ours.contains(pid)) {
                busy.append(String.format(Locale.ROOT, "%s (pid %d, %.0f %% of a core); ", command(pid), pid,
                        used * 100));
            }
        });
        return busy.length() == 0 ? "none" : busy.toString();
    }

    private static java.util.Map<Long, Double> allCpu() {
        java.util.Map<Long, Double> cpu = new java.util.HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    cpu.put(Long.parseLong(name), cpuSeconds(Long.parseLong(name)));
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return cpu;
    }

    private static String command(long pid) {
        try {
            String cmd = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
            String[] words = cmd.split(" ");
            String main = words[words.length - 1];
            for (String w : words) {
                if (w.contains("plexus-classworlds") || w.endsWith(".jar") && !w.contains(":")) {
                    main = w.substring(w.lastIndexOf('/') + 1);
                }
            }
            String exe = words[0].substring(words[0].lastIndexOf('/') + 1);
            return exe + (main.equals(words[0]) ? "" : " " + (main.length() > 60 ? main.substring(0, 60) : main));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
