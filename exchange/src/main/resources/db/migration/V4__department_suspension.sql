-- Version 4: a department can be suspended (停用): its certificates stay valid but every API call is refused.
ALTER TABLE department ADD COLUMN suspended_at TIMESTAMP;
ALTER TABLE department ADD COLUMN suspension_reason VARCHAR(400);
