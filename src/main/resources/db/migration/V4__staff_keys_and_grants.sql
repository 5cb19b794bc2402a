-- Caseworker keys and key grants (DESIGN.md, "Keys and envelopes"). The server holds only wrapped or
-- sealed private keys: a staff key wrapped under its owner's passphrase, and intake private keys sealed
-- to staff public keys. Unwrapping and opening happen in the staff member's browser.

create table staff_key (
    account_id           uuid        primary key references staff_account (id) on delete cascade,
    public_key           bytea       not null,          -- P-256, uncompressed
    wrapped_private_key  text        not null,          -- {alg, iter, salt, iv, ct}, AAD haven/v1/staff-key
    created_at           timestamptz not null
);

create table key_grant (
    kid         text        not null references intake_key (kid),
    account_id  uuid        not null references staff_account (id) on delete cascade,
    envelope    text        not null,                   -- the intake private key, sealed (purpose grant)
    created_at  timestamptz not null,
    primary key (kid, account_id)
);

-- Which caseworker a report is assigned to, if any: a workflow field the server must know.
alter table report add column assigned_to uuid references staff_account (id) on delete set null;
