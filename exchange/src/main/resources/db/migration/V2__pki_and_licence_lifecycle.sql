-- Version 2: the hub CA's register of issued certificates (for CRLs, the status endpoint and
-- revocation that takes effect at once), licence types with their full field schema, and the
-- licence lifecycle (versions, supersession, revocation).

CREATE TABLE issued_certificate (
  serial          VARCHAR(64)   PRIMARY KEY,
  subject         VARCHAR(400)  NOT NULL,
  department_code VARCHAR(18),
  purpose         VARCHAR(32)   NOT NULL,
  fingerprint     VARCHAR(80)   NOT NULL,
  not_before      TIMESTAMP     NOT NULL,
  not_after       TIMESTAMP     NOT NULL,
  revoked_at      TIMESTAMP,
  revocation_reason INTEGER,
  pem             TEXT          NOT NULL
);
CREATE INDEX issued_certificate_by_department ON issued_certificate (department_code, purpose);
CREATE UNIQUE INDEX issued_certificate_by_fingerprint ON issued_certificate (fingerprint);

CREATE TABLE crl_state (
  id          INTEGER   PRIMARY KEY,
  crl_number  BIGINT    NOT NULL
);
INSERT INTO crl_state (id, crl_number) VALUES (1, 0);

-- The type's whole definition (signer LicenceType JSON: fields with types, required/sensitive flags,
-- holder kind, validity rule). The v1 columns stay for queries and compatibility.
ALTER TABLE licence_type ADD COLUMN definition TEXT;

ALTER TABLE licence ADD COLUMN version INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE licence ADD COLUMN previous_id VARCHAR(128);
ALTER TABLE licence ADD COLUMN superseded_by VARCHAR(128);
ALTER TABLE licence ADD COLUMN status_at TIMESTAMP;
ALTER TABLE licence ADD COLUMN status_reason VARCHAR(400);
CREATE INDEX licence_by_issuer ON licence (issuer_code, issued_at);

-- The rule column also carries a revocation reason or the id a new version replaces.
ALTER TABLE audit_entry ALTER COLUMN rule SET DATA TYPE VARCHAR(400);
