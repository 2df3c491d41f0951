package org.tfx.sessions.signaling;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tfx.sessions.room.LinkId;

/** The signalling sockets this node holds, by link id: where a room's frames for them go. */
final class Links {
  private final String node;
  private final AtomicLong serial = new AtomicLong();
  private final ConcurrentHashMap<LinkId, Connection> open = new ConcurrentHashMap<>();

  Links(String node) {
    this.node = node;
  }

  /** A fresh id for a socket of this node. */
  LinkId next() {
    return new LinkId(node, serial.incrementAndGet());
  }

  void add(Connection connection) {
    open.put(connection.link(), connection);
  }

  void remove(Connection connection) {
    open.remove(connection.link(), connection);
  }

  /** The socket, when this node holds it and it is open; otherwise null. */
  Connection local(LinkId link) {
    return link == null ? null : open.get(link);
  }
}
