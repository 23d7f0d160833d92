-- Failed attempts that are throttled (SPEC §7 Abuse): wrong passwords, by user name and by
-- address, and wrong rater tokens, by address. One row per failure; `key_hash` is the
-- SHA-256 of the name or address, so that what people typed into the name field is not
-- kept. Rows older than their window are pruned whenever a failure of their kind is added.
CREATE TABLE throttle_failures (
    scope TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX throttle_failures_key ON throttle_failures (scope, key_hash, at);
CREATE INDEX throttle_failures_at ON throttle_failures (scope, at);
