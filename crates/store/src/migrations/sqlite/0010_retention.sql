-- Keeping personal data only as long as it is needed (docs/privacy.md).
--
-- A closed cycle's raw responses — who answered what, drafts, links, outside raters' names
-- and telephones, reminders, invalidations — are deleted on the day HR chose (`purge_on`, an
-- ISO date in Beijing time) or when HR asks; `purged_at` says when (Unix milliseconds). What
-- the published results are computed from stays in `kept_responses`: each submitted answer
-- set with its assessee and relationship, the rater replaced by a label (`R1`, `R2`, …) that
-- leads to nobody.
--
-- `revision` counts the changes to a cycle's results data made after it stopped taking
-- answers (the deletion of raw responses, a person's erasure), so that every server knows a
-- scoring it keeps in memory is out of date.
ALTER TABLE cycles ADD COLUMN purge_on TEXT;
ALTER TABLE cycles ADD COLUMN purged_at BIGINT;
ALTER TABLE cycles ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
CREATE TABLE kept_responses (
    cycle_id BIGINT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    assessee_id TEXT NOT NULL REFERENCES people (id),
    relationship TEXT NOT NULL CHECK (relationship IN ('self', 'superior', 'peer', 'subordinate', 'customer')),
    rater TEXT NOT NULL,
    answers TEXT NOT NULL,
    comment TEXT NOT NULL,
    PRIMARY KEY (cycle_id, seq)
);
-- The response counts of a cycle whose raw responses are deleted, as they stood then: the
-- published response rates are computed from them. One row per assessee and relationship,
-- in the order progress lists them.
CREATE TABLE kept_progress (
    cycle_id BIGINT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    assessee_id TEXT NOT NULL REFERENCES people (id),
    relationship TEXT NOT NULL,
    assigned BIGINT NOT NULL,
    draft BIGINT NOT NULL,
    submitted BIGINT NOT NULL,
    invalidated BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, seq)
);
-- A person whose data HR erased: the row stays, under a pseudonym, only so that published
-- results that counted them keep their figures; it is in no list and no new cycle.
ALTER TABLE people ADD COLUMN erased_at BIGINT;
