-- Flood protection without identifying anyone (issue 8). Nothing here names a reporter: no address, no
-- user agent, no report id. Rows live for minutes and are purged by FloodGuard every minute.

-- A redeemed proof-of-work challenge, kept until it expires so it cannot be redeemed twice on any replica.
create table used_challenge (
    challenge_hash bytea primary key,
    expires_at timestamptz not null
);
create index used_challenge_expires on used_challenge (expires_at);

-- Fixed one-minute windows of counts: the global no-JavaScript budget, failed sign-ins, and sign-in attempts
-- per (keyed, truncated) token hash. subject is empty for global counters.
create table flood_counter (
    name text not null,
    subject bytea not null,
    window_start timestamptz not null,
    hits integer not null,
    primary key (name, subject, window_start)
);
create index flood_counter_window on flood_counter (window_start);
