package org.haven.seized;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A byte search over every file of a seized disk: each needle is looked for at every offset of every file, in
 * the encodings given, so a secret is found whether it sits in a log line, a table page, a WAL record or a
 * dump. Needles are bucketed by their first two bytes, so one pass over a file checks all of them.
 */
final class ByteScan {

    /** One thing that must not be found, in one encoding; {@code label} says what and how it was encoded. */
    record Needle(String label, byte[] bytes) {
    }

    /** Where a needle was found, with the bytes around it shown as printable ASCII. */
    record Hit(Path file, long offset, String label, String context) {

        @Override
        public String toString() {
            return file + " @ " + offset + ": " + label + " in \"" + context + "\"";
        }
    }

    private final List<Needle> needles = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private final List<Needle>[] byFirstTwoBytes = new List[1 << 16];
    private long bytesScanned;
    private int filesScanned;

    /** Adds {@code text} as UTF-8, UTF-16LE and UTF-16BE, and its lower-case form too if it differs. */
    ByteScan text(String label, String text) {
        for (String variant : text.equals(text.toLowerCase(Locale.ROOT)) ? List.of(text)
                : List.of(text, text.toLowerCase(Locale.ROOT))) {
            for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                bytes(label + " (" + charset.name() + (variant.equals(text) ? "" : ", lower case") + ")",
                        variant.getBytes(charset));
            }
        }
        return this;
    }

    /** Adds raw bytes (a key, a token), and their hex form as text. */
    ByteScan binary(String label, byte[] value) {
        bytes(label + " (raw bytes)", value);
        return text(label + " (hex)", HexFormat.of().formatHex(value));
    }

    private void bytes(String label, byte[] value) {
        if (value.length < 4) {
            throw new IllegalArgumentException("a needle of under 4 bytes finds noise: " + label);
        }
        Needle needle = new Needle(label, value);
        needles.add(needle);
        int bucket = ((value[0] & 0xff) << 8) | (value[1] & 0xff);
        if (byFirstTwoBytes[bucket] == null) {
            byFirstTwoBytes[bucket] = new ArrayList<>();
        }
        byFirstTwoBytes[bucket].add(needle);
    }

    int needleCount() {
        return needles.size();
    }

    long bytesScanned() {
        return bytesScanned;
    }

    int filesScanned() {
        return filesScanned;
    }

    /** Every hit in every regular file under {@code root} (or {@code root} itself if it is a file). */
    List<Hit> scanTree(Path root) {
        List<Hit> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                hits.addAll(scan(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    List<Hit> scan(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ", so cannot prove it holds nothing", e);
        }
        filesScanned++;
        bytesScanned += data.length;
        return find(file, data);
    }

    private List<Hit> find(Path file, byte[] data) {
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i + 1 < data.length; i++) {
            List<Needle> candidates = byFirstTwoBytes[((data[i] & 0xff) << 8) | (data[i + 1] & 0xff)];
            if (candidates == null) {
                continue;
            }
            for (Needle needle : candidates) {
                byte[] n = needle.bytes();
                if (i + n.length <= data.length && Arrays.equals(data, i, i + n.length, n, 0, n.length)) {
                    hits.add(new Hit(file, i, needle.label(), context(data, i, n.length)));
                }
            }
        }
        return hits;
    }

    /** Whether {@code data} holds {@code value} anywhere: the positive controls, proving a scan sees content. */
    static boolean contains(Path file, String value) {
        try {
            byte[] data = Files.readAllBytes(file);
            byte[] needle = value.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + needle.length <= data.length; i++) {
                if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String context(byte[] data, int at, int length) {
        int from = Math.max(0, at - 40);
        int to = Math.min(data.length, at + length + 40);
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return out.toString();
    }
}
