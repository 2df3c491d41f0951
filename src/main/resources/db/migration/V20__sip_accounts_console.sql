-- SIP accounts and the console's generated admin credential.
-- Portable between H2 and PostgreSQL.

-- A SIP account. Only the digest HA1 = MD5(user ":" realm ":" password) is kept, never the
-- password; the realm it was made for is kept beside it, so a changed tfx.sip.domain shows up
-- as accounts whose password must be reset rather than as failing logins nobody can explain.
CREATE TABLE sip_account (
    username     VARCHAR(64)  NOT NULL PRIMARY KEY,
    display_name VARCHAR(128) NOT NULL,
    ha1          VARCHAR(32)  NOT NULL,
    realm        VARCHAR(255) NOT NULL,
    enabled      BOOLEAN      NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Facts of the console that must outlive a restart, by name:
--   console.adminPasswordHash  PBKDF2 hash of the admin password generated at first start
CREATE TABLE server_state (
    state_name  VARCHAR(64)  NOT NULL PRIMARY KEY,
    state_value VARCHAR(512) NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
