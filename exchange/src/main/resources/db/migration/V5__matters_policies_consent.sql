-- Version 5: matters carry their legal basis and data-minimisation flags; policies can expire and be
-- withdrawn (history kept, so a ledger entry's policy id always resolves); holders grant consent.
ALTER TABLE matter ADD COLUMN legal_basis VARCHAR(400);
ALTER TABLE matter ADD COLUMN consent_required BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE matter ADD COLUMN check_suffices BOOLEAN DEFAULT FALSE NOT NULL;

-- One active grant per (consumer, type, matter) is enforced by the service; withdrawn ones stay as history.
ALTER TABLE policy DROP CONSTRAINT policy_grant;
ALTER TABLE policy ADD COLUMN valid_until TIMESTAMP;
ALTER TABLE policy ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE policy ADD COLUMN created_at TIMESTAMP;
CREATE INDEX policy_lookup ON policy (consumer_code, licence_type, matter_code);

CREATE TABLE consent (
  id              VARCHAR(40)  PRIMARY KEY,
  holder          VARCHAR(80)  NOT NULL,
  department_code VARCHAR(18)  NOT NULL REFERENCES department (code),
  matter_code     VARCHAR(64)  NOT NULL REFERENCES matter (code),
  channel         VARCHAR(10)  NOT NULL,
  granted_at      TIMESTAMP    NOT NULL,
  expires_at      TIMESTAMP    NOT NULL,
  revoked_at      TIMESTAMP
);
CREATE INDEX consent_by_holder ON consent (holder, granted_at);
CREATE INDEX consent_lookup ON consent (holder, department_code, matter_code);

ALTER TABLE audit_entry ADD COLUMN consent VARCHAR(40);
ALTER TABLE audit_entry ADD COLUMN signature VARCHAR(600);
