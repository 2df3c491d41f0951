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
 * Looks, each heartbeat, for nodes that stopped saying they are alive and reaps them (exactly one
 * survivor, by a Redis claim; the rooms' compare-and-set makes a second reaper find nothing to do),
 * and ends lost seats whose grace ended a node lifetime ago (the node whose timer should have ended
 * them died). Saying this node is alive is {@link #heartbeat}'s job, on a thread of its own, so
 * that no amount of reaping or sweeping here can make this node look dead.
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

  void heartbeat() {
    try {
      bus.heartbeat(ttl);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "heartbeat: " + e.getMessage());
    }
  }

  void tick() {
    try {
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

  /**
   * Only seats lost longer than grace plus a node lifetime: a living node's own timer ends its lost
   * seats at grace; the sweep is for the timers of nodes that died, and must not race living ones.
   */
  private void expireLostSeats() {
    Instant now = clock.instant();
    for (Map.Entry<RoomId, PeerId> seat : record.lostSince(now.minus(grace).minus(ttl))) {
      rooms.execute(seat.getKey(), new RoomCommand.Expire(seat.getValue(), now));
    }
  }
}
