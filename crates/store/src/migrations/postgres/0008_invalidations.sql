-- Submitted responses HR has invalidated: left out of every score and analytic until
-- restored. One row per invalidated response, keyed by its assignment; restoring deletes
-- the row (the audit log keeps the history). `user_id` is who invalidated it, `at` when
-- (Unix milliseconds), `reason` why.
CREATE TABLE invalidations (
    assignment_id BIGINT PRIMARY KEY REFERENCES assignments (id) ON DELETE CASCADE,
    user_id BIGINT,
    at BIGINT NOT NULL,
    reason TEXT NOT NULL
);
