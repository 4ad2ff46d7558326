-- Version 10: the seal registry (GB/T 38540 e-seals a department made through the hub). The DER seal is kept
-- as base64 text so the same column type works on H2 and PostgreSQL; revoked_at, once set, is what
-- verification compares stamping times with.
CREATE TABLE seal (
  es_id             VARCHAR(64)   PRIMARY KEY,
  department_code   VARCHAR(18)   NOT NULL,
  name              VARCHAR(200)  NOT NULL,
  seal_type         INTEGER       NOT NULL,
  created_at        TIMESTAMP     NOT NULL,
  valid_start       TIMESTAMP     NOT NULL,
  valid_end         TIMESTAMP     NOT NULL,
  revoked_at        TIMESTAMP,
  revocation_reason VARCHAR(200),
  der_base64        TEXT          NOT NULL
);
CREATE INDEX seal_by_department ON seal (department_code, created_at);
-- A seal's uses: stamp entries name the seal's esID in rule.
CREATE INDEX audit_by_action_rule ON audit_entry (action, rule, ledger_index);
