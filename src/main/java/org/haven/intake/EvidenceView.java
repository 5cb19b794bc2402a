package org.haven.intake;

import org.haven.intake.attachment.AttachmentLimits;

/**
 * The evidence part of the report form and of the mailbox message form: the limits explained in the reporter's
 * language (whole megabytes per file, most files), taken from haven.attachments.* rather than written in a page.
 */
public record EvidenceView(long maxFileMegabytes, int maxFiles) {

    private static final long MEGABYTE = 1024 * 1024;

    public static EvidenceView of(AttachmentLimits limits) {
        // Rounded down: a page that promises less than the server takes never turns a reporter away.
        return new EvidenceView(Math.max(1, limits.maxFileBytes() / MEGABYTE), limits.maxFiles());
    }
}
