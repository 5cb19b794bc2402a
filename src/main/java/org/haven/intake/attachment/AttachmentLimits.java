package org.haven.intake.attachment;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.haven.crypto.AttachmentFormat;
import org.haven.web.HavenConfig;

/** The configured limits, in the units the server can check: whole data chunks of 256 KiB. */
@ApplicationScoped
public class AttachmentLimits {

    private final HavenConfig.Attachments config;

    public AttachmentLimits(HavenConfig config) {
        this.config = config.attachments();
    }

    /** Largest file, in bytes, as configured (the pages explain it; the API counts it in chunks). */
    public long maxFileBytes() {
        return config.maxFileBytes();
    }

    /** Most data chunks (n - 1) of one file. */
    long maxFileChunks() {
        return chunksFor(config.maxFileBytes());
    }

    /** Most data chunks of all the files of one report or message together. */
    long maxReportChunks() {
        return chunksFor(config.maxReportBytes());
    }

    public int maxFiles() {
        return config.maxFiles();
    }

    long pendingBytes() {
        return config.pendingBytes();
    }

    java.time.Duration unboundLifetime() {
        return config.unboundLifetime();
    }

    /** What the page needs to explain limits before it seals anything (docs/attachments.md 7.1). */
    public Map<String, Object> forPages() {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxFileBytes", config.maxFileBytes());
        limits.put("maxReportBytes", config.maxReportBytes());
        limits.put("maxFiles", config.maxFiles());
        limits.put("chunkBytes", AttachmentFormat.CHUNK_BYTES);
        limits.put("headerBytes", AttachmentFormat.HEADER_BYTES);
        return limits;
    }

    private static long chunksFor(long bytes) {
        return (bytes + AttachmentFormat.CHUNK_BYTES - 1) / AttachmentFormat.CHUNK_BYTES;
    }
}
