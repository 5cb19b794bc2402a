-- Each mailbox message is sealed twice: to its recipient, and a copy to its sender's side, so both the
-- caseworkers (intake key) and the reporter (mailbox key) can read the whole conversation.
alter table mailbox_message add column sender_copy text;
