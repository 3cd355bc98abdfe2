-- Persistent topics (docs/PERSISTENCE.md "What persists"): one row per topic whose specification does not say
-- PERSISTENT=false. Portable DDL: runs unchanged on H2 2.2 and PostgreSQL 15.
CREATE TABLE osmosis_topic (
    path        VARCHAR(1024) NOT NULL PRIMARY KEY, -- canonical path (at most 1024 characters)
    incarnation BIGINT        NOT NULL,             -- which topic at this path (a removed and re-added one is another)
    topic_type  VARCHAR(16)   NOT NULL,             -- JSON, STRING, INT64, DOUBLE, BINARY
    properties  VARCHAR(8192) NOT NULL,             -- the specification's properties, a JSON object
    value_data  BYTEA,                              -- the current value (text types as UTF-8), or null
    seq         BIGINT        NOT NULL,             -- the number of the last update in the topic's order
    written_at  BIGINT        NOT NULL              -- when this row was written, epoch milliseconds
);
