-- Sign-ins and failed sign-ins are audited too; a failed one names the user name tried
-- (user_id stays null when no such user exists).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('create', 'update', 'delete', 'login', 'login_failed'));
