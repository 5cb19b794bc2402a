-- The global budget of failed staff sign-in steps (issue 8, authentication attacks). Per-account lockout
-- stops guessing at one account; this stops guessing one password at many. Failures are counted per
-- minute across every account and name, in PostgreSQL so that every replica spends the same budget.
-- Nothing here says who failed or from where: Haven keeps no client addresses.

create table staff_sign_in_failure (
    minute   timestamptz primary key,   -- the minute the failures happened in (date_trunc('minute', now()))
    failures integer     not null,
    constraint staff_sign_in_failure_whole_minute check (minute = date_trunc('minute', minute)),
    constraint staff_sign_in_failure_positive check (failures > 0)
);
