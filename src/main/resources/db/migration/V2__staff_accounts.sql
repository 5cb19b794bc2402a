-- Staff of the advocacy body: accounts, second factor, sessions. Nothing here concerns reporters.

create table staff_account (
    id               uuid primary key,
    username         text        not null unique,       -- lower-cased sign-in name
    role             text        not null check (role in ('admin', 'caseworker')),
    password_hash    text        not null,              -- Argon2id, PHC string
    totp_secret      bytea,                             -- null until the second factor is enrolled
    totp_last_step   bigint      not null default 0,    -- the last accepted time step: no replays
    failed_attempts  integer     not null default 0,
    locked_until     timestamptz,
    session_epoch    integer     not null default 0,    -- raised by "sign out everywhere"
    enabled          boolean     not null default true,
    created_at       timestamptz not null
);

create table staff_recovery_code (
    account_id  uuid        not null references staff_account (id) on delete cascade,
    code_hash   bytea       not null,                   -- SHA-256 of the one-time code
    used_at     timestamptz,
    primary key (account_id, code_hash)
);

-- A session passes the password stage, then the second-factor stage. The cookie holds a random id;
-- only its SHA-256 is stored, so a database dump cannot be replayed as a session.
create table staff_session (
    id_hash     bytea       primary key,
    account_id  uuid        not null references staff_account (id) on delete cascade,
    stage       text        not null check (stage in ('password', 'full')),
    csrf_token  text        not null,
    pending_totp_secret bytea,                      -- offered during enrolment, kept on confirmation
    epoch       integer     not null,
    created_at  timestamptz not null,
    last_seen   timestamptz not null
);

create index staff_session_account on staff_session (account_id);

-- One-time tokens that let the first admin enrol on a fresh installation.
create table setup_token (
    token_hash  bytea       primary key,
    created_at  timestamptz not null,
    used_at     timestamptz
);
