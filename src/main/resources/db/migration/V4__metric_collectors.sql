-- Metric collectors (docs/OPERATIONS.md "Metric collectors"): the session and topic metric collectors an operator
-- defined, kept across restarts. One row per collector; KIND 'session' or 'topic'; ORDER_INDEX its creation order
-- within its kind; DEFINITION the collector as JSON with Diffusion's field names (dev.osmosis.metrics.CollectorJson).
-- Replaced as a whole in one transaction. Portable DDL: runs unchanged on H2 2.2 and PostgreSQL 15.
CREATE TABLE METRIC_COLLECTOR (
    KIND VARCHAR(8) NOT NULL,
    NAME VARCHAR(256) NOT NULL,
    ORDER_INDEX INTEGER NOT NULL,
    DEFINITION VARCHAR(65536) NOT NULL,
    PRIMARY KEY (KIND, NAME)
);
