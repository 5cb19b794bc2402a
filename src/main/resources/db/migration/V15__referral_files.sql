-- Files in police referrals (issue 6, docs/referral.md section 7, docs/attachments.md section 16). A caseworker's
-- browser opens a cleaned case file and seals it again, in the attachment format, to the force's public key; the
-- server holds only that ciphertext and what it must act on: id, report, force key id, enc, chunk count, the
-- hour it was made, and once a referral is proposed, the referral, its place in the document's evidence list and
-- the SHA-256 of the sealed bytes (which the document also carries, so approval by document hash covers them).
create table referral_file (
    id            uuid        primary key,
    report_id     uuid        not null references report (id) on delete cascade,
    referral_id   uuid        references referral (id) on delete cascade,
    force_kid     text        not null,
    enc           bytea       not null,                 -- HPKE encapsulated key, 65 bytes
    chunk_count   integer     not null check (chunk_count >= 2),
    created_hour  timestamptz not null,
    position      integer,                              -- index in the document's evidence list, once bound
    sha256        bytea,                                -- of chunk 0 || ... || chunk n-1, once bound
    constraint referral_file_created_on_the_hour check (created_hour = date_trunc('hour', created_hour)),
    constraint referral_file_bound_has_place
        check ((referral_id is null) = (position is null) and (referral_id is null) = (sha256 is null)),
    constraint referral_file_sha256 check (sha256 is null or octet_length(sha256) = 32)
);

create index referral_file_report on referral_file (report_id);
create index referral_file_referral on referral_file (referral_id, position);
create index referral_file_unbound on referral_file (created_hour) where referral_id is null;

create table referral_file_chunk (
    file_id      uuid    not null references referral_file (id) on delete cascade,
    chunk_index  integer not null check (chunk_index >= 0),
    body         bytea   not null,
    primary key (file_id, chunk_index)
);

alter table referral_file_chunk alter column body set storage external;

-- A referral's files exist for one delivery: once it is delivered (the force has them) or cancelled (by a
-- caseworker, by the outbox, or by the consent trigger of V8 when the reporter withdraws), they are deleted,
-- whichever code path changed the state.
create function referral_files_done() returns trigger language plpgsql as $$
begin
    delete from referral_file where referral_id = new.id;
    return new;
end
$$;

create trigger referral_files_when_finished
    after update of state on referral
    for each row when (new.state in ('delivered', 'cancelled'))
    execute function referral_files_done();
