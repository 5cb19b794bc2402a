package org.haven.casework.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An internal note or a recorded outcome on a report, sealed to the intake key in a caseworker's browser. */
@Entity
@Table(name = "case_note")
public class CaseNote {

    @Id
    public UUID id;

    @Column(name = "report_id", nullable = false)
    public UUID reportId;

    @Column(nullable = false)
    public String author;

    @Column(nullable = false)
    public String envelope;

    @Column(name = "written_hour", nullable = false)
    public Instant writtenHour;
}
