package org.haven.casework.cases;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.haven.casework.account.StaffPrincipal;
import org.haven.casework.audit.AuditAction;
import org.haven.casework.audit.AuditLog;
import org.haven.crypto.Envelope;
import org.haven.intake.MailboxMessage;
import org.haven.intake.MailboxMessageRepository;
import org.haven.intake.Report;
import org.haven.intake.ReportRepository;
import org.haven.intake.ReportStatus;
import org.haven.web.Problem;

/**
 * What a caseworker does to a report on the server's side: workflow status, assignment, sealed replies.
 * Every action is appended to the audit log in the same transaction; the log records who, what and which
 * report, never content.
 */
@ApplicationScoped
public class CaseService {

    private final ReportRepository reports;
    private final MailboxMessageRepository messages;
    private final AuditLog audit;
    private final CaseNoteRepository notes;
    private final int retentionDays;
    private final int closedRetentionDays;

    public CaseService(ReportRepository reports, MailboxMessageRepository messages, AuditLog audit,
            CaseNoteRepository notes, org.haven.web.HavenConfig config) {
        this.notes = notes;
        this.reports = reports;
        this.messages = messages;
        this.audit = audit;
        this.retentionDays = config.intake().retentionDays();
        this.closedRetentionDays = config.intake().closedRetentionDays();
    }

    @WithTransaction
    public Uni<Void> setStatus(StaffPrincipal staff, UUID reportId, ReportStatus status) {
        return report(reportId).chain(report -> {
            report.status = status.code();
            if (status == ReportStatus.CLOSED) {
                report.keepAtMost(closedRetentionDays, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            } else {
                report.keepFor(retentionDays, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            }
            return audit.append(staff.username(), AuditAction.STATUS_CHANGE, reportId).replaceWithVoid();
        });
    }

    /** Assigns the report to the caseworker, or releases it when {@code toMe} is false. */
    @WithTransaction
    public Uni<Void> assign(StaffPrincipal staff, UUID reportId, boolean toMe) {
        return report(reportId).chain(report -> {
            report.assignedTo = toMe ? staff.accountId() : null;
            return audit.append(staff.username(), AuditAction.ASSIGN, reportId).replaceWithVoid();
        });
    }

    /** Records that the caseworker's browser opened the report. */
    @WithTransaction
    public Uni<Void> viewed(StaffPrincipal staff, UUID reportId) {
        return report(reportId).chain(report -> audit.append(staff.username(), AuditAction.VIEW_REPORT, reportId))
                .replaceWithVoid();
    }

    /**
     * Stores a reply sealed in the caseworker's browser to the reporter's mailbox key, with a copy sealed to
     * the intake key; the report then waits for the reporter.
     */
    @WithTransaction
    public Uni<UUID> reply(StaffPrincipal staff, UUID reportId, Envelope toReporter, Envelope copy) {
        return report(reportId).chain(report -> {
            MailboxMessage message = new MailboxMessage();
            message.id = UUID.randomUUID();
            message.reportId = reportId;
            message.sender = "caseworker";
            message.envelope = toReporter.toJson();
            message.senderCopy = copy.toJson();
            message.sentHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            if (ReportStatus.NEW.code().equals(report.status) || ReportStatus.IN_REVIEW.code().equals(report.status)) {
                report.status = ReportStatus.WAITING.code();
            }
            report.keepFor(retentionDays, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            return messages.persist(message)
                    .chain(() -> audit.append(staff.username(), AuditAction.MESSAGE, reportId))
                    .replaceWith(message.id);
        });
    }

    /** Stores a note or outcome sealed in the caseworker's browser; {@code outcome} picks the audit action. */
    @WithTransaction
    public Uni<UUID> addNote(StaffPrincipal staff, UUID reportId, Envelope sealed, boolean outcome) {
        return report(reportId).chain(report -> {
            CaseNote note = new CaseNote();
            note.id = UUID.randomUUID();
            note.reportId = reportId;
            note.author = staff.username();
            note.envelope = sealed.toJson();
            note.writtenHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            report.keepFor(retentionDays, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            return notes.persist(note)
                    .chain(() -> audit.append(staff.username(), outcome ? AuditAction.OUTCOME : AuditAction.NOTE, reportId))
                    .replaceWith(note.id);
        });
    }

    @WithSession
    public Uni<List<CaseNote>> notes(UUID reportId) {
        return report(reportId).chain(report -> notes.forReport(reportId));
    }

    /** Deletes the report with its messages and notes (cascade); the audit entry outlives it. */
    @WithTransaction
    public Uni<Void> delete(StaffPrincipal staff, UUID reportId) {
        return report(reportId).chain(report -> reports.delete(report))
                .chain(() -> audit.append(staff.username(), AuditAction.DELETE_REPORT, reportId)).replaceWithVoid();
    }

    @WithSession
    public Uni<List<MailboxMessage>> conversation(UUID reportId) {
        return report(reportId).chain(report -> messages.forReport(reportId));
    }

    private Uni<Report> report(UUID reportId) {
        return reports.findById(reportId).onItem().ifNull().failWith(Problem::notFound);
    }
}
