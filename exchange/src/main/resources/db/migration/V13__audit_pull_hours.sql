-- Version 13: hourly counts of allowed pulls by department and matter, written with the audit index in the same
-- transaction (AuditIndex), so electronic supervision reads at most 25 + 720 hours of counts per department and matter
-- instead of every pull of the last 31 days: that scan grew with the traffic, and at 3,000 pulls/s it already took
-- 7-9 s of CPU every minute after ten minutes. Derived from audit_entry like the index itself, so filled from it here.
-- hour_start is the TIMESTAMP of recorded_at truncated to its hour.
CREATE TABLE audit_pull_hour (
  hour_start      TIMESTAMP    NOT NULL,
  department_code VARCHAR(18)  NOT NULL,
  matter_code     VARCHAR(64)  NOT NULL,
  pulls           BIGINT       NOT NULL,
  PRIMARY KEY (hour_start, department_code, matter_code)
);
INSERT INTO audit_pull_hour (hour_start, department_code, matter_code, pulls)
  SELECT DATE_TRUNC('HOUR', recorded_at), department_code, COALESCE(matter_code, ''), COUNT(*)
  FROM audit_entry
  WHERE action = 'pull' AND outcome = 'allowed'
  GROUP BY DATE_TRUNC('HOUR', recorded_at), department_code, COALESCE(matter_code, '');
-- Supervision was the only reader of this index (V6); every indexed entry paid for keeping it.
DROP INDEX audit_by_action_time;
