package org.tfx.sessions.signaling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.room.LostSeat;
import org.tfx.sessions.room.Passwords;
import org.tfx.sessions.room.RoomStore;
import org.tfx.sessions.room.Secrets;
import org.tfx.sessions.room.SessionDraft;
import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.ErrorCode;
import org.tfx.sessions.signaling.protocol.LeaveReason;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.signaling.protocol.PeerView;
import org.tfx.sessions.signaling.protocol.ProtocolException;
import org.tfx.sessions.signaling.protocol.ServerMessage;
import org.tfx.sessions.turn.IceServerProvider;

/**
 * Rooms in motion: joining, resuming, knocking, owner controls, relaying and leaving. Membership
 * changes run under the room's monitor and are written through to the store; relaying reads the
 * live seats only.
 */
public final class SignalingService {
  private static final int PEER_ID_LENGTH = 12;

  private final LiveRooms rooms;
  private final RoomStore store;
  private final Secrets secrets;
  private final Passwords passwords;
  private final MessageCodec codec;
  private final IceServerProvider iceServers;
  private final ScheduledExecutorService scheduler;
  private final Settings.Rooms settings;
  private final Clock clock;
  private volatile boolean stopping;

  public SignalingService(
      RoomStore store,
      Secrets secrets,
      Passwords passwords,
      MessageCodec codec,
      IceServerProvider iceServers,
      ScheduledExecutorService scheduler,
      Settings.Rooms settings,
      Clock clock) {
    this.rooms = new LiveRooms(store);
    this.store = store;
    this.secrets = secrets;
    this.passwords = passwords;
    this.codec = codec;
    this.iceServers = iceServers;
    this.scheduler = scheduler;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * After a (re)start: every seat that was connected is lost from now, seats past their grace are
   * left, and rooms with lost seats become live so that their grace timers run.
   */
  public void restore() {
    Instant now = clock.instant();
    store.markAllLiveLost(now);
    for (String roomId : store.roomsWithLostSessions()) {
      rooms
          .acquire(roomId)
          .ifPresent(
              room -> {
                synchronized (room) {
                  for (LostSeat lost : store.lostSessions(roomId)) {
                    Seat seat =
                        new Seat(lost.peerId(), lost.name(), lost.owner(), lost.resumeTokenHash());
                    room.seats.put(seat.peerId, seat);
                    // markAllLiveLost made every seat lost as of now: a full grace period each.
                    scheduleExpiry(room, seat, settings.grace());
                  }
                }
              });
    }
  }

  /**
   * The server is going down: sockets closed from now on are not the peers' fault, so their seats
   * are not marked lost. (Sockets the container closed before telling us are; {@link #restore}
   * gives every seat a full grace period from the next start either way.)
   */
  public void stop() {
    stopping = true;
  }

  /** Seats (connected or lost) in a room right now; 0 when nobody is there. */
  public int seats(String roomId) {
    return rooms.peek(roomId).map(r -> r.seats.size()).orElse(0);
  }

  // ---- joining ---------------------------------------------------------------------------

  void hello(Connection conn, ClientMessage.Hello hello) {
    if (conn.phase == Connection.Phase.JOINED || conn.phase == Connection.Phase.KNOCKING) {
      throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this socket has already joined");
    }
    if (hello.version() != 1) {
      throw new ProtocolException(
          ErrorCode.UNSUPPORTED_VERSION,
          "protocol version " + hello.version() + " is not supported; use 1");
    }
    while (true) {
      LiveRoom room =
          rooms
              .acquire(hello.roomId())
              .orElseThrow(() -> new ProtocolException(ErrorCode.ROOM_NOT_FOUND, "no such room"));
      if (!Secrets.matches(hello.secret(), room.secretHash)) {
        throw new ProtocolException(ErrorCode.WRONG_SECRET, "the room secret does not match");
      }
      boolean owner = Secrets.matches(hello.ownerToken(), room.ownerTokenHash);
      String passwordHash = room.passwordHash;
      boolean resuming = hello.resumeToken() != null;
      if (!resuming && !owner && passwordHash != null) {
        if (hello.password() == null) {
          throw new ProtocolException(ErrorCode.PASSWORD_REQUIRED, "this room needs a password");
        }
        if (!Passwords.matches(hello.password(), passwordHash)) {
          throw new ProtocolException(ErrorCode.WRONG_PASSWORD, "the password does not match");
        }
      }
      synchronized (room) {
        if (room.retired) {
          continue;
        }
        if (resuming) {
          Optional<Seat> seat = seatForToken(room, hello.resumeToken());
          if (seat.isPresent()) {
            resume(conn, room, seat.get());
            return;
          }
          if (!owner
              && room.passwordHash != null
              && !Passwords.matches(hello.password(), room.passwordHash)) {
            throw new ProtocolException(
                hello.password() == null ? ErrorCode.PASSWORD_REQUIRED : ErrorCode.WRONG_PASSWORD,
                "this room needs a password");
          }
        }
        if (room.locked && !owner) {
          conn.room = room;
          conn.lobbyName = hello.name();
          conn.phase = Connection.Phase.LOBBY;
          throw new ProtocolException(
              ErrorCode.ROOM_LOCKED, "the room is locked; knock to ask the owner");
        }
        seatNew(conn, room, secrets.id(PEER_ID_LENGTH), hello.name(), owner);
        return;
      }
    }
  }

  private Optional<Seat> seatForToken(LiveRoom room, String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    Seat seat = room.seats.get(token.substring(0, dot));
    if (seat == null || !Secrets.matches(token, seat.resumeTokenHash)) {
      return Optional.empty();
    }
    return Optional.of(seat);
  }

  private String newResumeToken(String peerId) {
    return peerId + "." + secrets.secret();
  }

  /** Caller holds the room's monitor. */
  private void seatNew(Connection conn, LiveRoom room, String peerId, String name, boolean owner) {
    if (room.seats.size() >= room.capacity) {
      throw new ProtocolException(ErrorCode.ROOM_FULL, "the room is full (" + room.capacity + ")");
    }
    String token = newResumeToken(peerId);
    Seat seat = new Seat(peerId, name, owner, Secrets.hash(token));
    store.insertSession(
        room.id, new SessionDraft(peerId, name, owner, seat.resumeTokenHash), clock.instant());
    room.seats.put(peerId, seat);
    attach(conn, room, seat);
    conn.send(welcome(room, seat, token, false));
    for (Seat other : room.connectedExcept(peerId)) {
      other.link.send(codec.encode(new ServerMessage.PeerJoined(seat.viewFor(other.peerId))));
    }
    announceRoom(room, peerId);
    if (owner) {
      for (Knocker k : room.knockers.values()) {
        conn.send(new ServerMessage.Knocking(k.peerId(), k.name()));
      }
    }
  }

  /** Caller holds the room's monitor. */
  private void resume(Connection conn, LiveRoom room, Seat seat) {
    String token = newResumeToken(seat.peerId);
    String tokenHash = Secrets.hash(token);
    store.updateSession(seat.peerId, s -> s.reconnect(tokenHash));
    seat.resumeTokenHash = tokenHash;
    if (seat.expiry != null) {
      seat.expiry.cancel(false);
      seat.expiry = null;
    }
    PeerLink previous = seat.link;
    boolean wasLost = previous == null;
    attach(conn, room, seat);
    if (previous instanceof Connection old && old != conn) {
      old.seat = null;
      old.close(CloseCodes.POLICY, "replaced by a newer connection");
    }
    conn.send(welcome(room, seat, token, true));
    if (wasLost) {
      broadcastPeerUpdate(room, seat);
    }
  }

  private void attach(Connection conn, LiveRoom room, Seat seat) {
    seat.link = conn;
    conn.room = room;
    conn.seat = seat;
    conn.lobbyName = null;
    conn.phase = Connection.Phase.JOINED;
  }

  private ServerMessage.Welcome welcome(LiveRoom room, Seat seat, String token, boolean resumed) {
    List<PeerView> peers = new ArrayList<>();
    for (Seat other : room.seats.values()) {
      if (other != seat) {
        peers.add(other.viewFor(seat.peerId));
      }
    }
    return new ServerMessage.Welcome(
        seat.peerId,
        token,
        resumed,
        seat.owner,
        room.view(),
        peers,
        iceServers.forSubject(seat.peerId));
  }

  // ---- knocking --------------------------------------------------------------------------

  void knock(Connection conn) {
    LiveRoom room = conn.room;
    if (conn.phase != Connection.Phase.LOBBY || room == null) {
      throw new ProtocolException(ErrorCode.NOT_KNOCKING, "knock only after a room-locked error");
    }
    synchronized (room) {
      if (room.retired || conn.phase != Connection.Phase.LOBBY) {
        throw new ProtocolException(ErrorCode.NOT_KNOCKING, "the room has gone; say hello again");
      }
      String peerId = secrets.id(PEER_ID_LENGTH);
      if (!room.locked) {
        seatNew(conn, room, peerId, conn.lobbyName, false);
        return;
      }
      room.knockers.put(peerId, new Knocker(peerId, conn.lobbyName, conn));
      conn.phase = Connection.Phase.KNOCKING;
      for (Seat s : room.connectedExcept(null)) {
        if (s.owner) {
          s.link.send(codec.encode(new ServerMessage.Knocking(peerId, conn.lobbyName)));
        }
      }
    }
  }

  void admit(Connection conn, String knockerId) {
    LiveRoom room = requireOwner(conn);
    synchronized (room) {
      Knocker k = takeKnocker(room, knockerId);
      try {
        seatNew(k.connection(), room, k.peerId(), k.name(), false);
      } catch (ProtocolException full) {
        k.connection().sendError(full);
      }
    }
  }

  void deny(Connection conn, String knockerId) {
    LiveRoom room = requireOwner(conn);
    synchronized (room) {
      Knocker k = takeKnocker(room, knockerId);
      k.connection()
          .sendError(new ProtocolException(ErrorCode.KNOCK_DENIED, "the owner did not let you in"));
      rooms.retireIfEmpty(room);
    }
  }

  /** Caller holds the room's monitor. */
  private static Knocker takeKnocker(LiveRoom room, String knockerId) {
    Knocker k = room.knockers.remove(knockerId);
    if (k == null) {
      throw new ProtocolException(ErrorCode.NOT_KNOCKING, "nobody with that id is knocking");
    }
    return k;
  }

  // ---- owner controls --------------------------------------------------------------------

  private LiveRoom requireOwner(Connection conn) {
    Seat seat = requireJoined(conn);
    if (!seat.owner) {
      throw new ProtocolException(ErrorCode.NOT_OWNER, "only an owner may do this");
    }
    return conn.room;
  }

  private static Seat requireJoined(Connection conn) {
    Seat seat = conn.seat;
    if (conn.phase != Connection.Phase.JOINED || seat == null) {
      throw new ProtocolException(ErrorCode.HELLO_REQUIRED, "join the room with hello first");
    }
    return seat;
  }

  void lock(Connection conn, ClientMessage.Lock lock) {
    LiveRoom room = requireOwner(conn);
    synchronized (room) {
      room.locked = lock.locked();
      store.updateRoom(room.id, r -> r.lock(lock.locked()));
      announceRoom(room, null);
    }
  }

  void configure(Connection conn, ClientMessage.Configure configure) {
    LiveRoom room = requireOwner(conn);
    Integer capacity = configure.capacity();
    if (capacity != null && (capacity < 2 || capacity > settings.maxCapacity())) {
      throw new ProtocolException(
          ErrorCode.INVALID_MESSAGE,
          "configure: 'capacity' must be from 2 to " + settings.maxCapacity());
    }
    String password = configure.password();
    String newHash = password == null || password.isEmpty() ? null : passwords.hash(password);
    synchronized (room) {
      if (capacity != null) {
        room.capacity = capacity;
      }
      if (password != null) {
        room.passwordHash = newHash;
      }
      store.updateRoom(
          room.id,
          r -> {
            if (capacity != null) {
              r.resize(capacity);
            }
            if (password != null) {
              r.protect(newHash);
            }
          });
      announceRoom(room, null);
    }
  }

  void kick(Connection conn, String peerId) {
    LiveRoom room = requireOwner(conn);
    synchronized (room) {
      Seat target = room.seats.get(peerId);
      if (target == null || target == conn.seat) {
        throw new ProtocolException(ErrorCode.PEER_NOT_FOUND, "nobody with that id is in the room");
      }
      PeerLink link = target.link;
      removeSeat(room, target, LeaveReason.KICKED);
      if (link instanceof Connection kicked) {
        kicked.seat = null;
        kicked.sendError(
            new ProtocolException(ErrorCode.KICKED, "an owner removed you from the room"));
      }
    }
  }

  void update(Connection conn, ClientMessage.Update update) {
    Seat seat = requireJoined(conn);
    LiveRoom room = conn.room;
    synchronized (room) {
      if (update.name() != null) {
        seat.name = update.name();
        store.updateSessionLater(seat.peerId, s -> s.rename(update.name()));
      }
      if (update.muted() != null) {
        seat.muted = update.muted();
      }
      if (update.video() != null) {
        seat.video = update.video();
      }
      broadcastPeerUpdate(room, seat);
    }
  }

  // ---- relaying: no locks, no database -----------------------------------------------------

  void signal(Connection conn, ClientMessage.Signal signal) {
    Seat self = requireJoined(conn);
    Seat target = target(conn.room, self, signal.to());
    target.link.send(codec.encode(new ServerMessage.SignalFrom(self.peerId, signal.payload())));
  }

  void relay(Connection conn, ClientMessage.Relay relay) {
    Seat self = requireJoined(conn);
    if (relay.to() != null) {
      Seat target = target(conn.room, self, relay.to());
      target.link.send(
          codec.encode(new ServerMessage.RelayFrom(self.peerId, relay.channel(), relay.payload())));
      return;
    }
    String frame =
        codec.encode(new ServerMessage.RelayFrom(self.peerId, relay.channel(), relay.payload()));
    for (Seat other : conn.room.connectedExcept(self.peerId)) {
      PeerLink link = other.link;
      if (link != null) {
        link.send(frame);
      }
    }
  }

  private static Seat target(LiveRoom room, Seat self, String peerId) {
    Seat target = room.seats.get(peerId);
    if (target == null || target == self) {
      throw new ProtocolException(ErrorCode.PEER_NOT_FOUND, "nobody with that id is in the room");
    }
    if (target.link == null) {
      throw new ProtocolException(ErrorCode.PEER_UNAVAILABLE, "that peer is reconnecting");
    }
    return target;
  }

  // ---- leaving ---------------------------------------------------------------------------

  void leave(Connection conn) {
    Seat seat = requireJoined(conn);
    LiveRoom room = conn.room;
    synchronized (room) {
      if (seat.link == conn) {
        removeSeat(room, seat, LeaveReason.LEFT);
      }
      conn.seat = null;
    }
    conn.close(CloseCodes.NORMAL, "left");
  }

  /** The socket is gone: a joined seat becomes lost for the grace period; a knocker leaves. */
  void disconnected(Connection conn, Connection.Phase phase) {
    LiveRoom room = conn.room;
    if (room == null || stopping) {
      return;
    }
    synchronized (room) {
      if (phase == Connection.Phase.KNOCKING) {
        room.knockers.values().removeIf(k -> k.connection() == conn);
        rooms.retireIfEmpty(room);
        return;
      }
      Seat seat = conn.seat;
      if (seat == null || seat.link != conn) {
        return;
      }
      seat.link = null;
      store.updateSessionLater(seat.peerId, s -> s.lose(clock.instant()));
      scheduleExpiry(room, seat, settings.grace());
      broadcastPeerUpdate(room, seat);
    }
  }

  private void scheduleExpiry(LiveRoom room, Seat seat, Duration after) {
    seat.expiry =
        scheduler.schedule(() -> expire(room, seat), after.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void expire(LiveRoom room, Seat seat) {
    synchronized (room) {
      if (seat.link == null && room.seats.get(seat.peerId) == seat) {
        removeSeat(room, seat, LeaveReason.TIMEOUT);
      }
    }
  }

  /** Caller holds the room's monitor. */
  private void removeSeat(LiveRoom room, Seat seat, LeaveReason reason) {
    room.seats.remove(seat.peerId, seat);
    seat.link = null;
    if (seat.expiry != null) {
      seat.expiry.cancel(false);
      seat.expiry = null;
    }
    if (reason == LeaveReason.KICKED) {
      // A kicked seat must stay gone even if the server crashes right now.
      store.updateSession(seat.peerId, s -> s.leave(clock.instant()));
    } else {
      store.updateSessionLater(seat.peerId, s -> s.leave(clock.instant()));
    }
    String frame = codec.encode(new ServerMessage.PeerLeft(seat.peerId, reason));
    for (Seat other : room.connectedExcept(seat.peerId)) {
      other.link.send(frame);
    }
    announceRoom(room, null);
    rooms.retireIfEmpty(room);
  }

  private void broadcastPeerUpdate(LiveRoom room, Seat seat) {
    for (Seat other : room.connectedExcept(seat.peerId)) {
      other.link.send(codec.encode(new ServerMessage.PeerUpdated(seat.viewFor(other.peerId))));
    }
  }

  /** Tells everyone (but {@code exceptPeerId}) the room's current facts. */
  private void announceRoom(LiveRoom room, String exceptPeerId) {
    String frame = codec.encode(new ServerMessage.RoomUpdated(room.view()));
    for (Seat other : room.connectedExcept(exceptPeerId)) {
      other.link.send(frame);
    }
  }
}
