package org.haven.intake;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A sealed message in a report's anonymous mailbox: replies are sealed to the reporter's mailbox key,
 * the reporter's own messages to the intake key. Deleted with its report.
 */
@Entity
@Table(name = "mailbox_message")
public class MailboxMessage {

    @Id
    public UUID id;

    @Column(name = "report_id", nullable = false)
    public UUID reportId;

    /** "reporter", "caseworker", or "haven" for Haven's own notice that the report was passed to police. */
    @Column(nullable = false)
    public String sender;

    @Column(nullable = false)
    public String envelope;

    @Column(name = "sent_hour", nullable = false)
    public Instant sentHour;

    /**
     * The same message sealed to the other side: the intake key for replies and Haven's notices, the mailbox key
     * for the reporter's own.
     */
    @Column(name = "sender_copy")
    public String senderCopy;
}
