-- What several nodes need in the record: a version per room (every decision counts one; nodes
-- apply decisions in version order and compare-and-set it), the socket (node + number) each seat
-- is attached to, a seat's microphone and camera state, and the knock queue. Portable between H2
-- and PostgreSQL.
ALTER TABLE room ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;

ALTER TABLE participant_session ADD COLUMN link_node VARCHAR(64);
ALTER TABLE participant_session ADD COLUMN link_serial BIGINT;
ALTER TABLE participant_session ADD COLUMN muted BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE participant_session ADD COLUMN video BOOLEAN DEFAULT TRUE NOT NULL;
CREATE INDEX participant_session_link_node ON participant_session (link_node);

CREATE TABLE knock (
    peer_id      VARCHAR(32)  NOT NULL PRIMARY KEY,
    room_id      VARCHAR(32)  NOT NULL REFERENCES room (id) ON DELETE CASCADE,
    display_name VARCHAR(256) NOT NULL,
    link_node    VARCHAR(64)  NOT NULL,
    link_serial  BIGINT       NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL,
    knocked_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX knock_room ON knock (room_id);
CREATE INDEX knock_link_node ON knock (link_node);
