-- Security administration (docs/SECURITY.md "Administration", docs/PERSISTENCE.md "The security store"): what the
-- administered store holds beyond V2's, and the audit trail of its changes. Portable DDL: runs unchanged on H2 2.2
-- and PostgreSQL 15.

-- ALLOW, DENY or ABSTAIN; NULL (a row V2 wrote): ALLOW if ANONYMOUS_ALLOWED, else DENY. ANONYMOUS_ALLOWED is kept
-- equal to (ANONYMOUS_ACTION = 'ALLOW') so that an older server reading it keeps working.
ALTER TABLE SECURITY_STORE ADD COLUMN ANONYMOUS_ACTION VARCHAR(16);

-- The default roles of named and of anonymous sessions. Like SECURITY_ANONYMOUS_ROLE, no foreign key on the role
-- name (a replace rewrites the roles after the header); the start checks every name.
CREATE TABLE SECURITY_NAMED_DEFAULT_ROLE (
    STORE_ID INTEGER NOT NULL REFERENCES SECURITY_STORE (ID) ON DELETE CASCADE,
    ROLE_NAME VARCHAR(255) NOT NULL,
    PRIMARY KEY (STORE_ID, ROLE_NAME)
);

CREATE TABLE SECURITY_ANONYMOUS_DEFAULT_ROLE (
    STORE_ID INTEGER NOT NULL REFERENCES SECURITY_STORE (ID) ON DELETE CASCADE,
    ROLE_NAME VARCHAR(255) NOT NULL,
    PRIMARY KEY (STORE_ID, ROLE_NAME)
);

CREATE TABLE SECURITY_ISOLATED_PATH (
    STORE_ID INTEGER NOT NULL REFERENCES SECURITY_STORE (ID) ON DELETE CASCADE,
    PATH VARCHAR(1000) NOT NULL,
    PRIMARY KEY (STORE_ID, PATH)
);

-- The principal whose sessions alone may change or remove this one; NULL: anyone with MODIFY_SECURITY.
ALTER TABLE SECURITY_PRINCIPAL ADD COLUMN LOCKING_PRINCIPAL VARCHAR(255);

-- Trusted client proposed properties: by regular expression (VALIDATION_TYPE 'matches', REGEX) or by a list of
-- allowed values (VALIDATION_TYPE 'values', the rows of SECURITY_TRUSTED_PROPERTY_VALUE in VALUE_INDEX order).
CREATE TABLE SECURITY_TRUSTED_PROPERTY (
    NAME VARCHAR(255) NOT NULL PRIMARY KEY,
    VALIDATION_TYPE VARCHAR(16) NOT NULL,
    REGEX VARCHAR(4000)
);

CREATE TABLE SECURITY_TRUSTED_PROPERTY_VALUE (
    PROPERTY_NAME VARCHAR(255) NOT NULL REFERENCES SECURITY_TRUSTED_PROPERTY (NAME) ON DELETE CASCADE,
    VALUE_INDEX INTEGER NOT NULL,
    ALLOWED_VALUE VARCHAR(4000) NOT NULL,
    PRIMARY KEY (PROPERTY_NAME, VALUE_INDEX)
);

-- One row per successful script (passwords masked: never a password or hash). Kept until an operator deletes rows.
-- IDs from a sequence (both databases' JPA platforms read one the same way), increasing across nodes.
CREATE SEQUENCE SECURITY_AUDIT_SEQ START WITH 1 INCREMENT BY 1;

CREATE TABLE SECURITY_AUDIT (
    ID BIGINT NOT NULL PRIMARY KEY,
    CHANGED_AT BIGINT NOT NULL,
    PRINCIPAL_NAME VARCHAR(255),
    SESSION_ID VARCHAR(255),
    STORE_NAME VARCHAR(16) NOT NULL,
    SCRIPT VARCHAR(262144) NOT NULL,
    NODE_ID VARCHAR(255) NOT NULL
);
