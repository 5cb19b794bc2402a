-- The organisation's recovery keys and the intake private keys sealed to them (DESIGN.md, "Keys and
-- envelopes"). An admin's browser makes a recovery key pair with every new intake key; its private key
-- leaves the browser only as a file the admin keeps offline. The server holds the recovery public key and
-- the intake private keys sealed to it, and cannot open them.

create table recovery_key (
    id          text        primary key references intake_key (kid),  -- the intake key it was made with
    public_key  bytea       not null,                                 -- P-256, uncompressed
    created_at  timestamptz not null
);

create table recovery_grant (
    kid          text        not null references intake_key (kid),
    recovery_id  text        not null references recovery_key (id),
    envelope     text        not null,   -- intake private key || public key, sealed (purpose grant, kid "recovery")
    created_at   timestamptz not null,
    primary key (kid, recovery_id)
);
