-- Staff audit log (casework issue): one row per staff action, chained by SHA-256 so that a changed,
-- removed or reordered row is detected (AuditChain documents the hash input). Who did what, to which
-- report, when -- never content: no message or note text, no report fields, no client address or user agent.

create table audit_entry (
    seq        bigint      primary key,           -- 1, 2, 3, ... gapless, assigned under an advisory lock
    at         timestamptz not null,              -- truncated to the second
    actor      text        not null,              -- staff account id or username, never a reporter
    action     text        not null,              -- an AuditAction code
    report_id  uuid,                              -- no foreign key: the report may be purged, its audit entry stays
    prev_hash  bytea       not null,              -- hash of entry seq - 1; 32 zero bytes for entry 1
    hash       bytea       not null,              -- SHA-256 over (seq, at, actor, action, report_id, prev_hash)
    constraint audit_entry_seq_positive check (seq > 0),
    constraint audit_entry_at_whole_second check (at = date_trunc('second', at)),
    -- Short identifiers only, so free text (a note, a message) has nowhere to go.
    constraint audit_entry_actor_short check (char_length(actor) between 1 and 128),
    constraint audit_entry_action_code check (action ~ '^[A-Z][A-Z_]{0,39}$'),
    constraint audit_entry_prev_hash_sha256 check (octet_length(prev_hash) = 32),
    constraint audit_entry_hash_sha256 check (octet_length(hash) = 32)
);

-- The admin page may look up what happened to one report.
create index audit_entry_report on audit_entry (report_id) where report_id is not null;
