-- Version 8: indexes for the auditor's searches at tens of millions of entries (plans and timings: docs/postgres.md).
-- Each search walks one index in ledger order from the cursor, so each filter an auditor can give alone has an
-- index ending in ledger_index: matter and outcome had none and walked the whole ledger for a rare value.
CREATE INDEX audit_by_matter ON audit_entry (matter_code, ledger_index);
CREATE INDEX audit_by_outcome ON audit_entry (outcome, ledger_index);
-- A time range is first turned into the range of ledger indexes it covers (MIN/MAX, an index-only scan of this).
CREATE INDEX audit_by_time ON audit_entry (recorded_at, ledger_index);
