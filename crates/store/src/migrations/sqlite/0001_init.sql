-- Yardstick schema, SQLite. Ids are INTEGER PRIMARY KEY (rowid); flags are 0/1 integers;
-- times are Unix milliseconds.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'manager', 'employee')),
    person_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    title TEXT NOT NULL,
    superior_id TEXT,
    email TEXT,
    phone TEXT,
    position BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX people_superior ON people (superior_id);
CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    definition TEXT NOT NULL,
    builtin BIGINT NOT NULL DEFAULT 0,
    frozen BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (name, version)
);
CREATE TABLE cycles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    model_id BIGINT NOT NULL REFERENCES models (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'published')),
    weights TEXT NOT NULL,
    threshold BIGINT NOT NULL,
    peers_limit BIGINT NOT NULL,
    starts_on TEXT,
    ends_on TEXT,
    created_at BIGINT NOT NULL,
    opened_at BIGINT,
    closed_at BIGINT,
    published_at BIGINT
);
CREATE TABLE cycle_assessees (
    cycle_id BIGINT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, person_id)
);
CREATE TABLE raters (
    id INTEGER PRIMARY KEY,
    cycle_id BIGINT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people (id),
    name TEXT NOT NULL,
    phone TEXT,
    token_seed TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    UNIQUE (cycle_id, person_id)
);
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    cycle_id BIGINT NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    rater_id BIGINT NOT NULL REFERENCES raters (id) ON DELETE CASCADE,
    assessee_id TEXT NOT NULL REFERENCES people (id),
    relationship TEXT NOT NULL CHECK (relationship IN ('self', 'superior', 'peer', 'subordinate', 'customer')),
    UNIQUE (rater_id, assessee_id)
);
CREATE INDEX assignments_cycle ON assignments (cycle_id);
CREATE TABLE responses (
    assignment_id BIGINT PRIMARY KEY REFERENCES assignments (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    answers TEXT NOT NULL,
    comment TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT,
    action TEXT NOT NULL,
    cycle_id BIGINT,
    subject TEXT,
    reason TEXT,
    detail TEXT
);
