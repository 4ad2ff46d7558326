-- CertHub schema, version 1. Written in the SQL subset H2 (embedded default) and PostgreSQL share.
-- Holder identifiers are never stored in plain form in indexed columns: holder_key is the keyed
-- pseudonym (hmac-sha256) the ledger uses too.

CREATE TABLE department (
  code  VARCHAR(18)  PRIMARY KEY,
  name  VARCHAR(200) NOT NULL,
  roles VARCHAR(100) NOT NULL
);

CREATE TABLE department_credential (
  fingerprint     VARCHAR(80)  PRIMARY KEY,
  department_code VARCHAR(18)  NOT NULL REFERENCES department (code),
  subject         VARCHAR(400) NOT NULL,
  not_after       TIMESTAMP    NOT NULL,
  revoked_at      TIMESTAMP
);

CREATE TABLE licence_type (
  code               VARCHAR(21)   PRIMARY KEY,
  name               VARCHAR(200)  NOT NULL,
  defining_authority VARCHAR(18)   NOT NULL,
  holder_id_type     VARCHAR(3)    NOT NULL,
  fields             VARCHAR(2000) NOT NULL
);

CREATE TABLE licence_type_issuer (
  licence_type    VARCHAR(21) NOT NULL REFERENCES licence_type (code),
  department_code VARCHAR(18) NOT NULL REFERENCES department (code),
  PRIMARY KEY (licence_type, department_code)
);

CREATE TABLE matter (
  code VARCHAR(64)  PRIMARY KEY,
  name VARCHAR(200) NOT NULL
);

CREATE TABLE matter_handler (
  matter_code     VARCHAR(64) NOT NULL REFERENCES matter (code),
  department_code VARCHAR(18) NOT NULL REFERENCES department (code),
  PRIMARY KEY (matter_code, department_code)
);

CREATE TABLE matter_licence_type (
  matter_code  VARCHAR(64) NOT NULL REFERENCES matter (code),
  licence_type VARCHAR(21) NOT NULL REFERENCES licence_type (code),
  PRIMARY KEY (matter_code, licence_type)
);

CREATE TABLE policy (
  id            VARCHAR(64)   PRIMARY KEY,
  consumer_code VARCHAR(18)   NOT NULL REFERENCES department (code),
  licence_type  VARCHAR(21)   NOT NULL REFERENCES licence_type (code),
  matter_code   VARCHAR(64)   NOT NULL REFERENCES matter (code),
  fields        VARCHAR(2000) NOT NULL,
  legal_basis   VARCHAR(400)  NOT NULL,
  CONSTRAINT policy_grant UNIQUE (consumer_code, licence_type, matter_code)
);

CREATE TABLE licence (
  id           VARCHAR(128) PRIMARY KEY,
  licence_type VARCHAR(21)  NOT NULL REFERENCES licence_type (code),
  issuer_code  VARCHAR(18)  NOT NULL REFERENCES department (code),
  holder_key   VARCHAR(80)  NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  valid_from   DATE         NOT NULL,
  valid_until  DATE,
  issued_at    TIMESTAMP    NOT NULL,
  signed_json  TEXT         NOT NULL
);
CREATE INDEX licence_by_holder ON licence (holder_key, licence_type, issued_at);

CREATE TABLE audit_entry (
  ledger_index    BIGINT       PRIMARY KEY,
  recorded_at     TIMESTAMP    NOT NULL,
  action          VARCHAR(32)  NOT NULL,
  department_code VARCHAR(18)  NOT NULL,
  holder_key      VARCHAR(80),
  licence_type    VARCHAR(21),
  licence_id      VARCHAR(128),
  matter_code     VARCHAR(64),
  outcome         VARCHAR(16)  NOT NULL,
  rule            VARCHAR(64),
  request_id      VARCHAR(64)  NOT NULL,
  leaf_hash       VARCHAR(64)  NOT NULL
);
CREATE INDEX audit_by_holder ON audit_entry (holder_key, ledger_index);
CREATE INDEX audit_by_department ON audit_entry (department_code, ledger_index);
