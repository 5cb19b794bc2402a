package org.haven.intake;

import java.util.List;
import org.haven.intake.attachment.AttachmentLimits;
import org.haven.intake.attachment.HeldFile;

/**
 * The evidence part of the report form and of the mailbox message form: the limits explained in the reporter's
 * language (whole megabytes per file, most files), taken from haven.attachments.* rather than written in a page;
 * without JavaScript, the files already sent and held for this report, and what went wrong with the last ones.
 *
 * @param errors translated, one per refused file
 */
public record EvidenceView(long maxFileMegabytes, int maxFiles, List<HeldFile> held, List<String> errors) {

    private static final long MEGABYTE = 1024 * 1024;

    public static EvidenceView of(AttachmentLimits limits) {
        // Rounded down: a page that promises less than the server takes never turns a reporter away.
        return new EvidenceView(Math.max(1, limits.maxFileBytes() / MEGABYTE), limits.maxFiles(), List.of(), List.of());
    }

    public EvidenceView with(List<HeldFile> files, List<String> refusals) {
        return new EvidenceView(maxFileMegabytes, maxFiles, List.copyOf(files), List.copyOf(refusals));
    }

    public boolean hasHeld() {
        return !held.isEmpty();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
