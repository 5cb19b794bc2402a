-- Caseworkers' internal notes and outcomes, sealed in their browsers to the intake key. Deleted with the report.
create table case_note (
    id            uuid primary key,
    report_id     uuid        not null references report (id) on delete cascade,
    author        text        not null,          -- staff username, as in the audit log
    envelope      text        not null,          -- {"schema":"haven.note/1","kind":"note"|"outcome",...}, sealed
    written_hour  timestamptz not null
);

create index case_note_report on case_note (report_id);
