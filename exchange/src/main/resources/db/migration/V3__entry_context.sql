-- Version 3: what an auditor needs to judge an access: the client certificate, the officer, the stated
-- purpose, the fields disclosed and the digest of the request.
ALTER TABLE audit_entry ADD COLUMN certificate VARCHAR(80);
ALTER TABLE audit_entry ADD COLUMN officer VARCHAR(100);
ALTER TABLE audit_entry ADD COLUMN purpose VARCHAR(400);
ALTER TABLE audit_entry ADD COLUMN fields VARCHAR(2000);
ALTER TABLE audit_entry ADD COLUMN request_digest VARCHAR(80);
CREATE INDEX audit_by_action ON audit_entry (action, ledger_index);
