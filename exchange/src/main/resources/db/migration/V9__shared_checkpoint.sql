-- The ledger's checkpoint record, shared by every hub instance on this database: the ledger publishes only by
-- compare-and-swap on this row, so no second writer can sign a fork (issue 4; used when certhub.db.url is set).
CREATE TABLE ledger_checkpoint (
  origin      VARCHAR(200)  NOT NULL PRIMARY KEY,
  note        VARCHAR(4000) NOT NULL,
  updated_at  TIMESTAMP     NOT NULL
);
