-- Evidence attachments (issue 6, docs/attachments.md). Sealed in the reporter's browser as n chunks under one
-- HPKE context; the server holds ciphertext and what it must act on: id, intake key id, enc, chunk count, the
-- report (and message) it is bound to, its position there, and the hour it was created. File name, type, size
-- and content are inside chunk 0 and the data chunks.
create table attachment (
    id            uuid primary key,
    kid           text        not null references intake_key (kid),
    enc           bytea       not null,                 -- HPKE encapsulated key, 65 bytes
    chunk_count   integer     not null check (chunk_count >= 2),
    token_hash    bytea       not null,                 -- HMAC(server key, upload token): uploads without cookies
    created_hour  timestamptz not null,
    report_id     uuid        references report (id) on delete cascade,
    message_id    uuid        references mailbox_message (id) on delete cascade,
    position      integer,                              -- index in the submission's list, once bound
    constraint attachment_created_on_the_hour check (created_hour = date_trunc('hour', created_hour)),
    constraint attachment_message_within_report check (message_id is null or report_id is not null),
    constraint attachment_bound_has_position check ((report_id is null) = (position is null))
);

create index attachment_report on attachment (report_id);
create index attachment_message on attachment (message_id);
-- The purge and the pending budget look only at unbound uploads.
create index attachment_unbound on attachment (created_hour) where report_id is null;

create table attachment_chunk (
    attachment_id  uuid    not null references attachment (id) on delete cascade,
    chunk_index    integer not null check (chunk_index >= 0),
    body           bytea   not null,
    primary key (attachment_id, chunk_index)
);

-- Ciphertext does not compress: store it out of line without trying.
alter table attachment_chunk alter column body set storage external;
