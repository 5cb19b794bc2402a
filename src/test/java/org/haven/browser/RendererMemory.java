package org.haven.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.HasCapabilities;
import org.openqa.selenium.WebDriver;

/**
 * Resident memory of a test browser's renderer processes (where a page's JavaScript, image decoding and canvases
 * live), read from /proc while a step runs: the figure a phone would have to find, not just the JavaScript heap.
 */
public final class RendererMemory {

    /** Renderer resident memory before the step and the highest seen while it ran, in KiB. */
    public record Peak<T>(long beforeKib, long peakKib, T result) {

        public long growthMib() {
            return (peakKib - beforeKib) / 1024;
        }
    }

    private RendererMemory() {
    }

    /** Runs {@code step}, sampling the renderers' resident memory every 10 ms. */
    public static <T> Peak<T> during(WebDriver driver, Supplier<T> step) {
        String profile = (String) ((Map<?, ?>) ((HasCapabilities) driver).getCapabilities().getCapability("chrome"))
                .get("userDataDir");
        long before = residentKib(profile);
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(residentKib(profile), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            T result = step.get();
            peak.accumulateAndGet(residentKib(profile), Math::max);
            return new Peak<>(before, peak.get(), result);
        } finally {
            sampler.interrupt();
        }
    }

    /** The sum of VmRSS over this profile's renderer processes. */
    private static long residentKib(String profile) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> isRendererOf(p, profile))
                    .mapToLong(RendererMemory::vmRssKib)
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isRendererOf(Path proc, String profile) {
        try {
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return cmdline.contains("--type=renderer") && cmdline.contains(profile);
        } catch (IOException e) {
            return false; // the process ended meanwhile
        }
    }

    private static long vmRssKib(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
        return 0;
    }
}
