package org.haven.referral.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The referrals a receiver has accepted, on disk so that a restart still recognises a retry. Each is two files
 * in the directory: {@code CRN-000001.json}, the document as pretty JSON, and
 * {@code idempotency/<Idempotency-Key>.json}, which says which reference that key was answered with; a referral
 * with files has them next to its document, opened, as {@code CRN-000001-evidence-1.jpg} and so on. The
 * evidence and the document are written first, so a crash before the key leaves files without a key (the retry is
 * accepted again under a new number) rather than a key without a file (a referral answered but lost).
 */
final class ReceivedReferrals {

    static final String KEYS = "idempotency";
    private static final Pattern REFERENCE_FILE = Pattern.compile("CRN-(\\d{6,18})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Map<String, AcceptedReferral> byKey = new ConcurrentHashMap<>();
    private long lastSequence;

    ReceivedReferrals(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory.resolve(KEYS));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.resolve(KEYS), "*.json")) {
                for (Path file : files) {
                    AcceptedReferral accepted = read(file);
                    byKey.put(accepted.idempotencyKey(), accepted);
                    noteNumber(accepted.reference() + ".json");
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "CRN-*.json")) {
                for (Path file : files) {
                    noteNumber(file.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the receiver directory " + directory, e);
        }
    }

    /** Numbers are never reused, even when a force has moved a referral file out of the directory. */
    private void noteNumber(String fileName) {
        Matcher number = REFERENCE_FILE.matcher(fileName);
        if (number.matches()) {
            lastSequence = Math.max(lastSequence, Long.parseLong(number.group(1)));
        }
    }

    Optional<AcceptedReferral> find(String idempotencyKey) {
        return Optional.ofNullable(byKey.get(idempotencyKey));
    }

    /** What {@link #accept} did: recorded a new referral, or found the key accepted by a concurrent delivery. */
    record Outcome(AcceptedReferral referral, boolean recorded) {
    }

    /**
     * Records {@code document} under a new force reference, unless {@code idempotencyKey} was accepted meanwhile
     * (two deliveries of one referral at once, both checked before either was recorded).
     */
    synchronized Outcome accept(String idempotencyKey, String contentDigest, JsonNode document,
            List<EvidenceCheck.Opened> evidence) throws IOException {
        AcceptedReferral earlier = byKey.get(idempotencyKey);
        if (earlier != null) {
            return new Outcome(earlier, false);
        }
        String reference = String.format("CRN-%06d", lastSequence + 1);
        List<Path> files = new ArrayList<>();
        for (EvidenceCheck.Opened opened : evidence) {
            Path evidenceFile = directory.resolve(reference + "-" + opened.name());
            AtomicFiles.write(evidenceFile, opened.bytes());
            files.add(evidenceFile);
        }
        Path file = directory.resolve(reference + ".json");
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        lastSequence++;
        AcceptedReferral accepted = new AcceptedReferral(idempotencyKey, reference, file, contentDigest,
                Instant.now(), List.copyOf(files));
        ObjectNode record = JSON.createObjectNode()
                .put("idempotencyKey", idempotencyKey)
                .put("reference", reference)
                .put("file", file.getFileName().toString())
                .put("contentDigest", contentDigest)
                .put("received", accepted.received().toString());
        if (!files.isEmpty()) {
            files.forEach(evidenceFile -> record.withArray("evidence").add(evidenceFile.getFileName().toString()));
        }
        AtomicFiles.write(directory.resolve(KEYS).resolve(idempotencyKey + ".json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        byKey.put(idempotencyKey, accepted);
        return new Outcome(accepted, true);
    }

    /** Everything accepted, in the order of the force references. */
    List<AcceptedReferral> all() {
        List<AcceptedReferral> all = new ArrayList<>(byKey.values());
        all.sort(Comparator.comparing(AcceptedReferral::reference));
        return all;
    }

    private AcceptedReferral read(Path file) throws IOException {
        JsonNode record = JSON.readTree(file.toFile());
        List<Path> evidence = new ArrayList<>();
        record.path("evidence").forEach(name -> evidence.add(directory.resolve(name.asText())));
        return new AcceptedReferral(record.path("idempotencyKey").asText(), record.path("reference").asText(),
                directory.resolve(record.path("file").asText()), record.path("contentDigest").asText(),
                Instant.parse(record.path("received").asText()), List.copyOf(evidence));
    }
}
