-- Haven intake schema. Cleartext here is only what the server must act on (DESIGN.md,
-- "What the server may know"); everything the reporter wrote lives inside the envelope.

create table intake_key (
    kid         text primary key,
    public_key  bytea       not null,          -- P-256 point, uncompressed (65 bytes)
    created_at  timestamptz not null,
    active      boolean     not null default false
);

-- At most one key takes new reports at a time; old keys stay for opening old reports.
create unique index intake_key_one_active on intake_key (active) where active;

create table report (
    id                   uuid primary key,
    submission_key_hash  bytea       not null unique,  -- SHA-256 of the client-chosen idempotency key
    token_hash           bytea       not null unique,  -- HMAC(server secret, lookup token from the receipt)
    intake_kid           text        not null references intake_key (kid),
    envelope             text        not null,         -- sealed report, JSON {v, kid, enc, ct}
    mailbox_public_key   bytea       not null,         -- reporter's mailbox key, for replies
    mailbox_wrapped_key  text        not null,         -- its private key, wrapped with a key from the receipt
    received_hour        timestamptz not null,         -- truncated to the hour
    status               text        not null,
    consent              text        not null,
    expires_on           date        not null,
    constraint report_status_known check (status in ('new', 'in_review', 'waiting', 'referred', 'closed')),
    constraint report_consent_known check (consent in ('police', 'record', 'talk')),
    constraint report_received_on_the_hour check (received_hour = date_trunc('hour', received_hour))
);

create index report_expires_on on report (expires_on);

create table mailbox_message (
    id           uuid primary key,
    report_id    uuid        not null references report (id) on delete cascade,
    sender       text        not null check (sender in ('reporter', 'caseworker')),
    envelope     text        not null,
    sent_hour    timestamptz not null
);

create index mailbox_message_report on mailbox_message (report_id);
