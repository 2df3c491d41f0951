package org.tfx.sessions.room.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomEvent;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.RoomRecord;
import org.tfx.sessions.room.Snapshot;
import org.tfx.sessions.room.StaleRoomException;
import org.tfx.sessions.room.StoredRoom;

/**
 * The record several nodes share (PostgreSQL): the one truth about membership, lock, knock queue,
 * seats and resume tokens. Every decision is one transaction that first moves the room's version
 * from the one the decision was made on to the next (compare-and-set; the row stays locked to the
 * commit), then writes what the events change. Of two nodes deciding on the same version exactly
 * one wins; the other gets {@link StaleRoomException}, catches up and decides again.
 */
public final class SharedRoomRecord implements RoomRecord {
  private final Database db;

  public SharedRoomRecord(Database db) {
    this.db = db;
  }

  @Override
  public void create(StoredRoom room, Instant now) {
    RoomRows.create(db, room, now);
  }

  @Override
  public Optional<StoredRoom> find(RoomId id) {
    return RoomRows.find(db, id);
  }

  @Override
  public Optional<Snapshot> load(RoomId id) {
    return db.inTransaction(em -> RoomRows.snapshot(em, id));
  }

  @Override
  public void keep(RoomId room, long version, List<RoomEvent> events, Instant now) {
    db.inTransaction(
        em -> {
          int moved =
              em.createQuery(
                      "update Room r set r.version = r.version + 1"
                          + " where r.id = :id and r.version = :version")
                  .setParameter("id", room.value())
                  .setParameter("version", version)
                  .executeUpdate();
          if (moved != 1) {
            throw new StaleRoomException(room, version);
          }
          EventWrites.of(room.value(), events, now).all().forEach(change -> change.accept(em));
          return null;
        });
  }

  /** Several nodes: a node's seats are lost when it dies, not when another one starts. */
  @Override
  public Map<RoomId, List<org.tfx.sessions.room.SeatState>> loseAllSeats(Instant now) {
    return Map.of();
  }

  @Override
  public int seats(RoomId id) {
    return db.inTransaction(
        em ->
            em.createQuery(
                    "select count(s) from ParticipantSession s"
                        + " where s.room.id = :room and s.state <> :left",
                    Long.class)
                .setParameter("room", id.value())
                .setParameter("left", SessionState.LEFT)
                .getSingleResult()
                .intValue());
  }

  /** The nodes that hold a connected seat's or a knocker's socket. */
  public List<String> nodesWithSockets() {
    return db.inTransaction(
        em -> {
          List<String> nodes =
              new java.util.ArrayList<>(
                  em.createQuery(
                          "select distinct s.linkNode from ParticipantSession s"
                              + " where s.state = :connected and s.linkNode is not null",
                          String.class)
                      .setParameter("connected", SessionState.CONNECTED)
                      .getResultList());
          for (String n :
              em.createQuery("select distinct k.linkNode from Knock k", String.class)
                  .getResultList()) {
            if (!nodes.contains(n)) {
              nodes.add(n);
            }
          }
          return nodes;
        });
  }

  /** The rooms where {@code node} holds a connected seat's or a knocker's socket. */
  public List<RoomId> roomsReaching(String node) {
    return db.inTransaction(
        em -> {
          java.util.Set<String> ids =
              new java.util.LinkedHashSet<>(
                  em.createQuery(
                          "select distinct s.room.id from ParticipantSession s"
                              + " where s.state = :connected and s.linkNode = :node",
                          String.class)
                      .setParameter("connected", SessionState.CONNECTED)
                      .setParameter("node", node)
                      .getResultList());
          ids.addAll(
              em.createQuery(
                      "select distinct k.room.id from Knock k where k.linkNode = :node",
                      String.class)
                  .setParameter("node", node)
                  .getResultList());
          return ids.stream().map(RoomId::new).toList();
        });
  }

  /** Lost seats whose grace ended before {@code lostBefore} plus grace: room and peer. */
  public List<Map.Entry<RoomId, PeerId>> lostSince(Instant lostBefore) {
    return db.inTransaction(
        em ->
            em
                .createQuery(
                    "select s.room.id, s.peerId from ParticipantSession s"
                        + " where s.state = :lost and s.lostAt <= :before",
                    Object[].class)
                .setParameter("lost", SessionState.LOST)
                .setParameter("before", lostBefore)
                .setMaxResults(1000)
                .getResultList()
                .stream()
                .map(row -> Map.entry(new RoomId((String) row[0]), new PeerId((String) row[1])))
                .toList());
  }
}
