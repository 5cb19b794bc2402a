package org.haven.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hostile request corpus in {@code src/test/resources/hostile}: hand-written requests ({@code requests.tsv}),
 * and every payload of {@code payloads.tsv} put in every place of {@code templates.tsv} that takes its category.
 * Entries are still templates here; {@link HostileInputTest} fills in real ids, keys and envelopes.
 */
final class HostileCorpus {

    /** One hostile request; {@code payload} is null for hand-written ones. */
    record Entry(int number, String category, String what, String auth, String expect, String method, String path,
            String headers, String body, String payload) {

        boolean expects(int status) {
            for (String option : expect.split("\\|")) {
                boolean match = option.equals("closed") ? status == 0
                        : option.endsWith("xx") ? status / 100 == option.charAt(0) - '0'
                        : Integer.parseInt(option) == status;
                if (match) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "#" + number + " [" + category + "] " + what + " (" + method + " " + shorten(path) + ")";
        }
    }

    private record Payload(String category, String what, String text) {
    }

    private HostileCorpus() {
    }

    static List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        for (String[] row : rows("requests.tsv", 8)) {
            entries.add(new Entry(entries.size() + 1, row[0], row[1], row[2], row[3], unescape(row[4]),
                    unescape(row[5]), unescape(row[6]), unescape(row[7]), null));
        }
        List<Payload> payloads = rows("payloads.tsv", 3).stream().map(r -> new Payload(r[0], r[1], unescape(r[2])))
                .toList();
        for (String[] template : rows("templates.tsv", 8)) {
            List<String> categories = List.of(template[0].split(","));
            for (Payload payload : payloads) {
                if (categories.contains(payload.category())) {
                    entries.add(new Entry(entries.size() + 1, payload.category(),
                            payload.what() + " in " + template[1], template[2], template[3], template[4], template[5],
                            template[6], template[7], payload.text()));
                }
            }
        }
        return entries;
    }

    private static List<String[]> rows(String file, int columns) {
        try (InputStream in = HostileCorpus.class.getResourceAsStream("/hostile/" + file)) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] row = line.split("\t", -1);
                if (row.length != columns) {
                    throw new IllegalStateException(file + ": expected " + columns + " columns in " + line);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus files' escapes: {@code \\uXXXX} (lone surrogates too), {@code \r \n \t \0 \\}. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '0' -> out.append('\0');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }

    /** Percent-encodes every byte but the unreserved ones; a lone surrogate becomes its three (invalid) bytes. */
    static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            byte[] bytes;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = new byte[] {(byte) (0xE0 | c >> 12), (byte) (0x80 | c >> 6 & 0x3F), (byte) (0x80 | c & 0x3F)};
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte b : bytes) {
                int v = b & 0xFF;
                if (v < 0x80 && (Character.isLetterOrDigit(v) || "-._~".indexOf(v) >= 0)) {
                    out.append((char) v);
                } else {
                    out.append('%').append(String.format(Locale.ROOT, "%02X", v));
                }
            }
        }
        return out.toString();
    }

    /** Escapes for the inside of a JSON string; controls and lone surrogates as {@code \\uXXXX}, the rest as is. */
    static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            boolean pairEnd = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !pairStart && !pairEnd) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String shorten(String s) {
        String visible = s.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
        return visible.length() > 80 ? visible.substring(0, 80) + "…" : visible;
    }
}
