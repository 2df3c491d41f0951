package org.tfx.sessions.cluster;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tfx.sessions.room.LiveRooms;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.store.SharedRoomRecord;

/**
 * Each heartbeat: says this node is alive, looks for nodes that stopped saying so and reaps them
 * (exactly one survivor, by a Redis claim; the rooms' compare-and-set makes a second reaper find
 * nothing to do), and ends lost seats past their grace wherever they were lost (the node whose
 * timer would have done it may be dead).
 */
final class NodeWatch {
  private static final System.Logger LOG = System.getLogger(NodeWatch.class.getName());

  private final String node;
  private final RedisBus bus;
  private final SharedRoomRecord record;
  private final LiveRooms rooms;
  private final Duration ttl;
  private final Duration grace;
  private final Clock clock;

  NodeWatch(
      String node,
      RedisBus bus,
      SharedRoomRecord record,
      LiveRooms rooms,
      Duration ttl,
      Duration grace,
      Clock clock) {
    this.node = node;
    this.bus = bus;
    this.record = record;
    this.rooms = rooms;
    this.ttl = ttl;
    this.grace = grace;
    this.clock = clock;
  }

  void tick() {
    try {
      bus.heartbeat(ttl);
      reapDeadNodes();
      expireLostSeats();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "node watch: " + e.getMessage(), e);
    }
  }

  /**
   * Only after Redis has been reachable for two lifetimes: after Redis restarts (empty) every node
   * needs that long to say again that it is alive.
   */
  private void reapDeadNodes() {
    if (bus.upFor().compareTo(ttl.multipliedBy(2)) < 0) {
      return;
    }
    for (String other : record.nodesWithSockets()) {
      if (!other.equals(node)
          && !bus.alive(other)
          && bus.claimReaping(other, ttl.multipliedBy(6))) {
        reap(other);
      }
    }
  }

  /** Every seat {@code dead} held becomes lost, every knock from it ends. */
  void reap(String dead) {
    List<RoomId> affected = record.roomsReaching(dead);
    LOG.log(Level.WARNING, "node {0} is gone: {1} rooms affected", dead, affected.size());
    for (RoomId room : affected) {
      rooms.execute(room, new RoomCommand.NodeGone(dead, clock.instant()));
    }
  }

  private void expireLostSeats() {
    Instant now = clock.instant();
    for (Map.Entry<RoomId, PeerId> seat : record.lostSince(now.minus(grace))) {
      rooms.execute(seat.getKey(), new RoomCommand.Expire(seat.getValue(), now));
    }
  }
}
