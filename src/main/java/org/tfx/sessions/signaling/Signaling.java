package org.tfx.sessions.signaling;

import java.lang.System.Logger.Level;
import java.time.Clock;
import org.tfx.sessions.room.LinkId;
import org.tfx.sessions.room.LiveRooms;
import org.tfx.sessions.room.Passwords;
import org.tfx.sessions.room.RemoteLinks;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.room.RoomEvents;
import org.tfx.sessions.room.Secrets;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.turn.IceServerProvider;

/**
 * Signalling on this node: opens a {@link Connection} per socket with the handler of every message
 * type, turns the rooms' events into frames for the sockets held here, and tells a room when a
 * socket is gone.
 */
public final class Signaling {
  private static final System.Logger LOG = System.getLogger(Signaling.class.getName());

  private final LiveRooms rooms;
  private final MessageCodec codec;
  private final Clock clock;
  private final String node;
  private final RemoteLinks remote;
  private final Links links;
  private final Handlers handlers;
  private volatile boolean stopping;

  public Signaling(
      LiveRooms rooms,
      RoomEvents events,
      Secrets secrets,
      Passwords passwords,
      MessageCodec codec,
      IceServerProvider iceServers,
      Clock clock,
      String node,
      RemoteLinks remote) {
    this.rooms = rooms;
    this.codec = codec;
    this.clock = clock;
    this.node = node;
    this.remote = remote;
    this.links = new Links(node);
    events.subscribe(new EventFrames(links, codec, iceServers));
    RoomCalls calls = new RoomCalls(rooms);
    NewSeats seats = new NewSeats(secrets);
    Deliveries deliveries = this::deliver;
    this.handlers =
        new Handlers(
            new HelloHandler(calls, seats, passwords),
            new SignalHandler(calls, deliveries, codec),
            new RelayHandler(calls, deliveries, codec),
            new UpdateHandler(calls),
            new LockHandler(calls),
            new KnockHandler(calls, seats),
            new AdmitHandler(calls),
            new DenyHandler(calls),
            new KickHandler(calls),
            new ConfigureHandler(calls, passwords),
            new LeaveHandler(calls),
            new PingHandler());
  }

  /** A new socket: its connection, known to this node until it closes. */
  Connection open(Outbox outbox, RateLimiter limiter) {
    Connection connection =
        new Connection(links.next(), outbox, codec, limiter, handlers, this::closed);
    links.add(connection);
    return connection;
  }

  /**
   * The server is going down: sockets closed from now on are not the peers' fault, so their seats
   * are not marked lost. (Every seat counts as lost from the next start anyway.)
   */
  public void stop() {
    stopping = true;
  }

  private boolean deliver(LinkId link, String frame) {
    if (!link.node().equals(node)) {
      return remote.send(link, frame);
    }
    deliverLocal(link, frame);
    return true;
  }

  /** A frame for a socket of this node (from this node or, through the bus, from another). */
  public void deliverLocal(LinkId link, String frame) {
    Connection conn = links.local(link);
    if (conn != null) {
      conn.send(frame);
    }
  }

  /** A joined seat becomes lost for the grace period; a knocker's knock ends. */
  private void closed(Connection connection, Connection.Phase before) {
    links.remove(connection);
    boolean inRoom = before == Connection.Phase.JOINED || before == Connection.Phase.KNOCKING;
    if (stopping || !inRoom || connection.room() == null) {
      return;
    }
    try {
      rooms.execute(connection.room(), new RoomCommand.Drop(connection.link(), clock.instant()));
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "could not mark a dropped socket's seat lost", e);
    }
  }
}
