-- Referral (issue 4): the police force registry, referrals and their durable outbox (docs/referral.md).
-- Cleartext here is workflow only: which force, which state, when, and a hash of what was sent. The
-- referral document itself exists at rest only sealed: to the force's key in the outbox, and to the intake
-- key as the caseworkers' copy.

-- The UK's 45 territorial police forces and British Transport Police, seeded by name, disabled until an
-- admin gives each an HTTPS endpoint and an HPKE public key. Codes match the report form's police areas.
create table police_force (
    code          text        primary key,
    name          text        not null,
    enabled       boolean     not null default false,
    endpoint_url  text,                              -- where Haven POSTs referrals
    public_key    bytea,                             -- the force's HPKE P-256 key, uncompressed
    key_id        text,                              -- derived from public_key (docs/referral.md, "Keys")
    updated_at    timestamptz,
    constraint police_force_code_form check (code ~ '^[a-z][a-z-]{1,39}$'),
    constraint police_force_key_length check (public_key is null or octet_length(public_key) = 65),
    constraint police_force_ready_when_enabled
        check (not enabled or (endpoint_url is not null and public_key is not null and key_id is not null))
);

insert into police_force (code, name) values
    ('avon-and-somerset', 'Avon and Somerset Constabulary'),
    ('bedfordshire', 'Bedfordshire Police'),
    ('cambridgeshire', 'Cambridgeshire Constabulary'),
    ('cheshire', 'Cheshire Constabulary'),
    ('city-of-london', 'City of London Police'),
    ('cleveland', 'Cleveland Police'),
    ('cumbria', 'Cumbria Constabulary'),
    ('derbyshire', 'Derbyshire Constabulary'),
    ('devon-and-cornwall', 'Devon and Cornwall Police'),
    ('dorset', 'Dorset Police'),
    ('durham', 'Durham Constabulary'),
    ('dyfed-powys', 'Dyfed-Powys Police'),
    ('essex', 'Essex Police'),
    ('gloucestershire', 'Gloucestershire Constabulary'),
    ('greater-manchester', 'Greater Manchester Police'),
    ('gwent', 'Gwent Police'),
    ('hampshire', 'Hampshire and Isle of Wight Constabulary'),
    ('hertfordshire', 'Hertfordshire Constabulary'),
    ('humberside', 'Humberside Police'),
    ('kent', 'Kent Police'),
    ('lancashire', 'Lancashire Constabulary'),
    ('leicestershire', 'Leicestershire Police'),
    ('lincolnshire', 'Lincolnshire Police'),
    ('merseyside', 'Merseyside Police'),
    ('metropolitan', 'Metropolitan Police Service'),
    ('norfolk', 'Norfolk Constabulary'),
    ('north-wales', 'North Wales Police'),
    ('north-yorkshire', 'North Yorkshire Police'),
    ('northamptonshire', 'Northamptonshire Police'),
    ('northumbria', 'Northumbria Police'),
    ('nottinghamshire', 'Nottinghamshire Police'),
    ('south-wales', 'South Wales Police'),
    ('south-yorkshire', 'South Yorkshire Police'),
    ('staffordshire', 'Staffordshire Police'),
    ('suffolk', 'Suffolk Constabulary'),
    ('surrey', 'Surrey Police'),
    ('sussex', 'Sussex Police'),
    ('thames-valley', 'Thames Valley Police'),
    ('warwickshire', 'Warwickshire Police'),
    ('west-mercia', 'West Mercia Police'),
    ('west-midlands', 'West Midlands Police'),
    ('west-yorkshire', 'West Yorkshire Police'),
    ('wiltshire', 'Wiltshire Police'),
    ('police-scotland', 'Police Scotland'),
    ('psni', 'Police Service of Northern Ireland'),
    ('british-transport-police', 'British Transport Police');

create table referral (
    id               uuid        primary key,        -- also the Idempotency-Key the force sees
    reference        text        not null unique,    -- Haven's own reference, given to police (HVN-XXXX-XXXX)
    report_id        uuid        references report (id) on delete set null,
    force_code       text        not null references police_force (code),
    state            text        not null,
    document_sha256  bytea       not null,           -- SHA-256 of the exact document bytes sealed for the force
    staff_copy       text        not null,           -- the document sealed to the intake key (envelope)
    proposed_by      text        not null,           -- staff username, as in the audit log
    approved_by      text,
    created_at       timestamptz not null,
    queued_at        timestamptz,
    finished_at      timestamptz,
    last_error       text,                           -- a short code (http-503, timeout, refused), never a body
    force_reference  text,                           -- the force's own reference, sealed to the intake key
    constraint referral_state_known
        check (state in ('awaiting_approval', 'queued', 'delivered', 'dead', 'cancelled')),
    constraint referral_reference_form check (reference ~ '^HVN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
    constraint referral_sha256 check (octet_length(document_sha256) = 32),
    constraint referral_last_error_short check (last_error is null or last_error ~ '^[a-z0-9-]{1,40}$')
);

create index referral_report on referral (report_id);
create index referral_open on referral (state) where state in ('awaiting_approval', 'queued', 'dead');

-- One row per referral waiting to be delivered. Workers on any replica claim due rows with
-- FOR UPDATE SKIP LOCKED and a lease, so a crashed worker's rows come due again when the lease ends.
create table referral_outbox (
    referral_id      uuid        primary key references referral (id) on delete cascade,
    force_kid        text        not null,           -- the force key the body is sealed to
    body             text        not null,           -- the referral envelope sealed to the force's key
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    lease_until      timestamptz,
    queued_at        timestamptz not null
);

create index referral_outbox_due on referral_outbox (next_attempt_at);

-- The firewall in the database: a referral waiting for approval or delivery is cancelled the moment its
-- report loses the reporter's consent to police, or is withdrawn, purged or deleted -- whichever code path
-- does it. A BEFORE trigger, so it runs while referral.report_id still names the report (the foreign key's
-- "on delete set null" runs after the delete).
create function referral_cancel_without_consent() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or new.consent <> 'police' then
        update referral set state = 'cancelled', finished_at = now(), last_error = 'consent-withdrawn'
         where report_id = old.id and state in ('awaiting_approval', 'queued');
        delete from referral_outbox o using referral r
         where o.referral_id = r.id and r.report_id = old.id;
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger report_consent_guard
    before update of consent or delete on report
    for each row execute function referral_cancel_without_consent();

-- Haven itself writes "passed to police, reference ..." into the reporter's mailbox.
alter table mailbox_message drop constraint mailbox_message_sender_check;
alter table mailbox_message add constraint mailbox_message_sender_known
    check (sender in ('reporter', 'caseworker', 'haven'));

-- A short, structured detail for an audit entry (a document hash, the kinds a screen found): never free text.
alter table audit_entry add column detail text;
alter table audit_entry add constraint audit_entry_detail_short
    check (detail is null or detail ~ '^[a-z0-9][a-z0-9:=,._-]{0,199}$');
