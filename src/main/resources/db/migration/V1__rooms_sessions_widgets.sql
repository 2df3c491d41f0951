-- Rooms, participant sessions and the widget catalogue. Portable between H2 and PostgreSQL.
CREATE TABLE room (
    id               VARCHAR(32)  NOT NULL PRIMARY KEY,
    name             VARCHAR(128) NOT NULL,
    secret_hash      VARCHAR(64)  NOT NULL,
    owner_token_hash VARCHAR(64)  NOT NULL,
    password_hash    VARCHAR(200),
    locked           BOOLEAN      NOT NULL,
    capacity         INTEGER      NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_active_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE participant_session (
    peer_id           VARCHAR(32)  NOT NULL PRIMARY KEY,
    room_id           VARCHAR(32)  NOT NULL REFERENCES room (id) ON DELETE CASCADE,
    display_name      VARCHAR(256) NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    owner             BOOLEAN      NOT NULL,
    joined_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    lost_at           TIMESTAMP(6) WITH TIME ZONE,
    left_at           TIMESTAMP(6) WITH TIME ZONE,
    resume_token_hash VARCHAR(64)
);
CREATE INDEX participant_session_room_state ON participant_session (room_id, state);
CREATE INDEX participant_session_state ON participant_session (state);

CREATE TABLE widget_descriptor (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    name         VARCHAR(128)  NOT NULL,
    version      VARCHAR(32)   NOT NULL,
    description  VARCHAR(1000) NOT NULL,
    icon         VARCHAR(256),
    entry        VARCHAR(256)  NOT NULL,
    permissions  VARCHAR(512)  NOT NULL,
    channels     VARCHAR(512)  NOT NULL,
    third_party  BOOLEAN       NOT NULL,
    enabled      BOOLEAN       NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
