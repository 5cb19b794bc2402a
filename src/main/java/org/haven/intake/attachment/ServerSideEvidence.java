package org.haven.intake.attachment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.haven.crypto.AttachmentFormat;
import org.haven.crypto.AttachmentHeader;
import org.haven.crypto.AttachmentSealer;
import org.haven.crypto.Base64Url;
import org.haven.web.MemoryMultipart;
import org.haven.web.Problem;

/**
 * Evidence sent without JavaScript (docs/attachments.md section 14). Each posted file exists only in memory: a
 * JPEG or PNG is re-encoded by {@link PhotoCleaner}, every file is sealed to the intake key in the format the
 * browser uses and stored through {@link AttachmentUploads} as an unbound upload, exactly as if a browser had
 * uploaded it; the bytes are then dropped. The report or message binds the uploads later with
 * {@link AttachmentBinding}, as for the JSON API.
 */
@ApplicationScoped
public class ServerSideEvidence {

    /** The form field of the file inputs on the report and mailbox forms. */
    public static final String FIELD = "evidence";
    /** Far above the forms' own fields (the questions, a multiple choice's every option, the files). */
    private static final int MAX_FORM_FIELDS = 1000;
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,62}/[a-z0-9][a-z0-9.+-]{0,62}");

    private final AttachmentUploads uploads;
    private final AttachmentLimits limits;
    private final Vertx vertx;

    public ServerSideEvidence(AttachmentUploads uploads, AttachmentLimits limits, Vertx vertx) {
        this.uploads = uploads;
        this.limits = limits;
        this.vertx = vertx;
    }

    /** A posted file that was not taken, and why: a message key with the file's name as {0} and a number as {1}. */
    public record Refused(String name, String messageKey, long limit) {
    }

    /** A posted file in memory, cleaned if it could be: what would be sealed. */
    public record Prepared(String name, String type, byte[] bytes, boolean cleaned) {

        int chunks() {
            return AttachmentFormat.chunkCount(bytes.length);
        }
    }

    /** What became of the posted files: those now held (stored, unbound) and those refused. */
    public record Taken(List<HeldFile> held, List<Refused> refused) {
    }

    /**
     * Takes a posted multipart form apart in memory, off the event loop (up to 61 MiB of it); a malformed body is a
     * bad request.
     */
    public Uni<MemoryMultipart> read(String contentType, byte[] body) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return MemoryMultipart.parse(contentType, body, MAX_FORM_FIELDS);
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("The form could not be read.");
            }
        }));
    }

    /** The file parts the reporter chose; a file input left empty posts a part with no name and no bytes. */
    public static List<MemoryMultipart.Part> chosen(MemoryMultipart form) {
        return form.files().stream().filter(part -> FIELD.equals(part.field()))
                .filter(part -> !(part.fileName() == null || part.fileName().isEmpty()) || part.bytes().length > 0)
                .toList();
    }

    /**
     * Cleans what can be cleaned and checks each file against the limits, counting the files already held;
     * in memory, off the event loop (re-encoding a photo takes a CPU for a moment).
     */
    public Uni<List<Object>> prepare(List<MemoryMultipart.Part> parts, List<HeldFile> alreadyHeld) {
        if (parts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            List<Object> outcomes = new ArrayList<>();
            int files = alreadyHeld.size();
            long dataChunks = alreadyHeld.stream().mapToLong(held -> held.chunks() - 1L).sum();
            long maxFileMegabytes = Math.max(1, limits.maxFileBytes() / (1024 * 1024));
            for (MemoryMultipart.Part part : parts) {
                String name = displayName(part.fileName());
                if (part.bytes().length == 0) {
                    outcomes.add(new Refused(name, "evidence.nojs.error.empty", 0));
                    continue;
                }
                if (part.bytes().length > limits.maxFileBytes()) {
                    outcomes.add(new Refused(name, "evidence.nojs.error.too-large", maxFileMegabytes));
                    continue;
                }
                if (files >= limits.maxFiles()) {
                    outcomes.add(new Refused(name, "evidence.nojs.error.too-many", limits.maxFiles()));
                    continue;
                }
                Prepared prepared = clean(name, part);
                if (prepared.bytes().length > limits.maxFileBytes()) {
                    outcomes.add(new Refused(name, "evidence.nojs.error.too-large", maxFileMegabytes));
                    continue;
                }
                if (dataChunks + prepared.chunks() - 1 > limits.maxReportChunks()) {
                    outcomes.add(new Refused(name, "evidence.nojs.error.total", 0));
                    continue;
                }
                files++;
                dataChunks += prepared.chunks() - 1;
                outcomes.add(prepared);
            }
            return outcomes;
        }));
    }

    /** Seals each prepared file to the intake key and stores it as an unbound upload; refusals pass through. */
    public Uni<Taken> store(List<Object> prepared, String kid, byte[] publicKey) {
        List<HeldFile> held = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Object outcome : prepared) {
            if (outcome instanceof Refused r) {
                refused.add(r);
            } else if (outcome instanceof Prepared file) {
                // Refused by the upload budget (503) or a key rotated a moment ago: this file is not taken.
                chain = chain.chain(() -> store(file, kid, publicKey).invoke(held::add).replaceWithVoid()
                        .onFailure(Problem.class).invoke(failure -> refused.add(
                                new Refused(file.name(), "evidence.nojs.error.not-stored", 0)))
                        .onFailure(Problem.class).recoverWithNull());
            }
        }
        return chain.map(ignored -> new Taken(List.copyOf(held), List.copyOf(refused)));
    }

    private Uni<HeldFile> store(Prepared file, String kid, byte[] publicKey) {
        AttachmentSealer sealer = AttachmentSealer.to(kid, publicKey);
        int chunks = file.chunks();
        return uploads.create(kid, sealer.enc(), chunks).chain(created -> {
            byte[] token = Base64Url.decode(created.token());
            UUID id = created.id();
            AttachmentHeader header = new AttachmentHeader(file.name(), file.type(), file.bytes().length, file.cleaned());
            Uni<Void> puts = uploads.put(id, token, 0, sealer.sealHeader(id, chunks, header));
            for (int index = 1; index < chunks; index++) {
                int i = index;
                // Sealed one chunk at a time as it is stored, so the ciphertext is never held whole either.
                puts = puts.chain(() -> {
                    int from = (i - 1) * AttachmentFormat.CHUNK_BYTES;
                    int length = Math.min(AttachmentFormat.CHUNK_BYTES, file.bytes().length - from);
                    byte[] data = java.util.Arrays.copyOfRange(file.bytes(), from, from + length);
                    return uploads.put(id, token, i, sealer.sealChunk(id, chunks, i, data, length));
                });
            }
            return puts.replaceWith(new HeldFile(id, created.token(), chunks, file.cleaned(), file.name()));
        });
    }

    /** Deletes held uploads the reporter removed or chose not to send; one already gone is no matter. */
    public Uni<Void> discard(List<HeldFile> files) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (HeldFile file : files) {
            chain = chain.chain(() -> uploads.delete(file.id(), Base64Url.decode(file.token()))
                    .onFailure().recoverWithNull());
        }
        return chain;
    }

    /** Re-encodes a JPEG or PNG (known by its first bytes); anything else, or a photo that will not decode, as sent. */
    static Prepared clean(String name, MemoryMultipart.Part part) {
        try {
            PhotoCleaner.Cleaned cleaned = PhotoCleaner.clean(part.bytes());
            return new Prepared(name, cleaned.type(), cleaned.bytes(), true);
        } catch (PhotoCleaner.NotCleaned notCleaned) {
            return new Prepared(name, mediaType(part.contentType()), part.bytes(), false);
        }
    }

    /** The type the browser declared, if it is a plain media type; it is only ever shown inside the envelope. */
    static String mediaType(String declared) {
        if (declared != null) {
            String type = declared.strip().toLowerCase(Locale.ROOT);
            int semicolon = type.indexOf(';');
            type = semicolon < 0 ? type : type.substring(0, semicolon).strip();
            if (MEDIA_TYPE.matcher(type).matches()) {
                return type;
            }
        }
        return "application/octet-stream";
    }

    /** The file's own name without any folder (old browsers send a whole path), cut to the header's 255 characters. */
    static String displayName(String fileName) {
        String name = fileName == null ? "" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        name = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return name.codePointCount(0, name.length()) <= AttachmentHeader.MAX_NAME_CHARS ? name
                : name.substring(0, name.offsetByCodePoints(0, AttachmentHeader.MAX_NAME_CHARS));
    }
}
