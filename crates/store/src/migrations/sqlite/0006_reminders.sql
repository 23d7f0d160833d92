-- Reminders sent by e-mail to raters who have not submitted: who was reminded, when, by
-- whom, at which address, and whether the mail server took the message.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    cycle_id BIGINT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    rater_id BIGINT NOT NULL REFERENCES raters (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    user_id BIGINT,
    address TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
    error TEXT
);
CREATE INDEX reminders_cycle ON reminders (cycle_id, rater_id);
