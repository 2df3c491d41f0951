package org.tfx.sessions.signaling;

import java.lang.System.Logger.Level;
import org.tfx.sessions.persistence.StoreUnavailableException;
import org.tfx.sessions.room.LinkId;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomCommand.Actor;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.ErrorCode;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.signaling.protocol.ProtocolException;
import org.tfx.sessions.signaling.protocol.ServerMessage;

/**
 * One signalling socket: rate-limits and decodes its frames, hands each message to its handler, and
 * turns every refusal into an {@code error} frame (the one place that does). It knows where the
 * socket stands in the join flow; the room it joined holds everything else.
 */
final class Connection {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  /** Where this socket is in the join flow. */
  enum Phase {
    NEW,
    /** Told the room is locked; may knock. */
    LOBBY,
    KNOCKING,
    JOINED,
    CLOSED
  }

  /** Hears when a socket goes away. */
  interface Gone {
    void closed(Connection connection, Phase before);
  }

  private final LinkId link;
  private final Outbox outbox;
  private final MessageCodec codec;
  private final RateLimiter limiter;
  private final Handlers handlers;
  private final Gone gone;
  private final Router router = new Router();

  private volatile Phase phase = Phase.NEW;
  private volatile RoomId room;
  private volatile PeerId peer;

  /** The clear resume token for the seat the last hello or knock asked for. */
  private volatile String pendingToken;

  /** The validated name from the hello that ended in the lobby. */
  private volatile String lobbyName;

  Connection(
      LinkId link,
      Outbox outbox,
      MessageCodec codec,
      RateLimiter limiter,
      Handlers handlers,
      Gone gone) {
    this.link = link;
    this.outbox = outbox;
    this.codec = codec;
    this.limiter = limiter;
    this.handlers = handlers;
    this.gone = gone;
  }

  LinkId link() {
    return link;
  }

  Phase phase() {
    return phase;
  }

  /** The room this socket said hello to, or null. */
  RoomId room() {
    return room;
  }

  /** The seat this socket holds; refuses with {@code hello-required} when it holds none. */
  Actor actor() {
    PeerId p = peer;
    if (phase != Phase.JOINED || p == null) {
      throw new ProtocolException(ErrorCode.HELLO_REQUIRED, "join the room with hello first");
    }
    return new Actor(p, link);
  }

  String lobbyName() {
    return lobbyName;
  }

  // ---- the join flow; the room's events move a socket in, out and to knocking ---------------

  /** A hello or knock is about to ask {@code roomId} for a seat whose resume token is this. */
  void asking(RoomId roomId, String resumeToken) {
    this.room = roomId;
    this.pendingToken = resumeToken;
  }

  /** Told the room is locked: the socket may knock with this name. */
  void enteredLobby(String name) {
    this.lobbyName = name;
    this.phase = Phase.LOBBY;
  }

  void knocking() {
    this.phase = Phase.KNOCKING;
  }

  /** The room seated this socket as {@code seat}; returns the resume token to hand out. */
  String welcomed(PeerId seat) {
    this.peer = seat;
    this.lobbyName = null;
    this.phase = Phase.JOINED;
    return pendingToken;
  }

  /** The seat moved to another socket or was taken away (kicked). */
  void detach() {
    this.peer = null;
  }

  // ---- frames in ---------------------------------------------------------------------------

  void onText(String text) {
    switch (limiter.admit(System.nanoTime())) {
      case ACCEPT -> handle(text);
      case REJECT -> sendError(new ProtocolException(ErrorCode.RATE_LIMITED, "slow down"));
      case ABUSE -> {
        sendError(new ProtocolException(ErrorCode.RATE_LIMITED, "rate limit exceeded, closing"));
        close(CloseCodes.POLICY, "rate limit exceeded");
      }
    }
  }

  void onBinary() {
    sendError(
        new ProtocolException(
            ErrorCode.BAD_JSON, "binary frames are not supported; send JSON text frames"));
  }

  private void handle(String text) {
    ClientMessage message = null;
    try {
      message = codec.decode(text);
      message.accept(router);
    } catch (ProtocolException e) {
      sendError(message == null ? e : e.withRef(message.ref()));
    } catch (StoreUnavailableException e) {
      // The database is down or full: the client should retry in a moment, not report a bug.
      LOG.log(Level.WARNING, "database unavailable while handling a frame: " + e.getMessage());
      sendError(
          new ProtocolException(
              ErrorCode.UNAVAILABLE,
              "the server cannot reach its database; retry in a few seconds",
              message == null ? null : message.ref()));
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "failed to handle a frame", e);
      sendError(
          new ProtocolException(
              ErrorCode.INTERNAL,
              "server fault; nothing was changed",
              message == null ? null : message.ref()));
    }
  }

  // ---- frames out --------------------------------------------------------------------------

  void sendError(ProtocolException e) {
    send(codec.encode(new ServerMessage.Error(e.code(), e.getMessage(), e.ref())));
    if (e.code().closes()) {
      close(CloseCodes.POLICY, e.code().wire());
    }
  }

  void send(ServerMessage message) {
    send(codec.encode(message));
  }

  /** Queues an encoded frame; never blocks. */
  void send(String frame) {
    outbox.offer(frame);
  }

  /** Sends what is queued, then closes the socket. */
  void close(int code, String reason) {
    outbox.closeAfterFlush(code, reason);
  }

  /** The socket is gone (closed, errored or dropped for overflow). Idempotent. */
  void closed() {
    Phase before;
    synchronized (this) {
      if (phase == Phase.CLOSED) {
        return;
      }
      before = phase;
      phase = Phase.CLOSED;
    }
    outbox.kill();
    gone.closed(this, before);
  }

  void helloDeadline() {
    if (phase == Phase.NEW) {
      close(CloseCodes.POLICY, "no hello in time");
    }
  }

  /** Each message type to its handler; the visitor makes the table exhaustive. */
  private final class Router implements ClientMessage.Visitor<Void> {
    private final Connection self = Connection.this;

    @Override
    public Void visit(ClientMessage.Hello m) {
      handlers.hello().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Signal m) {
      handlers.signal().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Relay m) {
      handlers.relay().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Update m) {
      handlers.update().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Lock m) {
      handlers.lock().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Knock m) {
      handlers.knock().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Admit m) {
      handlers.admit().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Deny m) {
      handlers.deny().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Kick m) {
      handlers.kick().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Configure m) {
      handlers.configure().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Leave m) {
      handlers.leave().handle(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Ping m) {
      handlers.ping().handle(self, m);
      return null;
    }
  }
}
