-- A cycle's notice to outside raters of what is kept about them and why, and when each
-- outside rater acknowledged it.
CREATE TABLE cycle_notices (
    cycle_id BIGINT PRIMARY KEY REFERENCES cycles (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE notice_acknowledgements (
    rater_id BIGINT PRIMARY KEY REFERENCES raters (id) ON DELETE CASCADE,
    at BIGINT NOT NULL
);
