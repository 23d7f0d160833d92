-- The dimensions each relationship is asked in a cycle (SPEC §2): a JSON object from a
-- relationship code to the dimension codes it is asked, e.g. {"customer": ["1", "4", "5", "6"]}.
-- A relationship not named is asked every dimension, so the cycles before this column ask
-- everybody everything.
ALTER TABLE cycles ADD COLUMN dimensions TEXT NOT NULL DEFAULT '{}';
