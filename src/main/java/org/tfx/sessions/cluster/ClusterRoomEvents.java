package org.tfx.sessions.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tfx.sessions.room.LiveRoom;
import org.tfx.sessions.room.LocalRoomEvents;
import org.tfx.sessions.room.RoomEvent;
import org.tfx.sessions.room.RoomEvents;
import org.tfx.sessions.room.RoomId;

/**
 * The bus of a node among several: decisions go to this node's listeners and, with the room's new
 * version, to every other node through Redis. Rooms whose decision could not be sent (Redis away)
 * are remembered, and every node is told to catch up on them once Redis is back.
 */
final class ClusterRoomEvents implements RoomEvents {
  private final LocalRoomEvents local = new LocalRoomEvents();
  private final RedisBus bus;
  private final String node;
  private final Set<RoomId> unsent = ConcurrentHashMap.newKeySet();

  ClusterRoomEvents(RedisBus bus, String node) {
    this.bus = bus;
    this.node = node;
  }

  @Override
  public void publish(LiveRoom room, List<RoomEvent> events) {
    local.publish(room, events);
    if (!bus.publish(new EventCodec.Decided(room.id(), room.version(), node, events))) {
      unsent.add(room.id());
    }
  }

  @Override
  public void replay(LiveRoom room, List<RoomEvent> events) {
    local.replay(room, events);
  }

  @Override
  public void subscribe(Listener listener) {
    local.subscribe(listener);
  }

  /**
   * Tells the other nodes to catch up on each room whose decisions could not be sent: a decision
   * with no events, at the room's version.
   */
  void resend(java.util.function.ToLongFunction<RoomId> version) {
    for (RoomId room : List.copyOf(unsent)) {
      if (bus.publish(new EventCodec.Decided(room, version.applyAsLong(room), node, List.of()))) {
        unsent.remove(room);
      }
    }
  }
}
