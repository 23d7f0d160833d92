-- The org chart as it stood when a cycle was published (SPEC: published means fixed). A
-- published cycle's names, departments and superiors are read from here, so that its
-- results, reports and who may read them stay as published when people change later.
CREATE TABLE cycle_people (
    cycle_id BIGINT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    title TEXT NOT NULL,
    superior_id TEXT,
    PRIMARY KEY (cycle_id, person_id)
);
