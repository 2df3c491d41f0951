package org.tfx.sessions.signaling;

import java.lang.System.Logger.Level;
import org.tfx.sessions.persistence.StoreUnavailableException;
import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.ErrorCode;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.signaling.protocol.ProtocolException;
import org.tfx.sessions.signaling.protocol.ServerMessage;

/**
 * One signalling socket: rate-limits and decodes its frames, routes each message type to the
 * service, and turns every refusal into an {@code error} frame (the one place that does).
 */
final class Connection implements PeerLink {
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

  private final Outbox outbox;
  private final MessageCodec codec;
  private final SignalingService service;
  private final RateLimiter limiter;
  private final Router router = new Router();

  volatile Phase phase = Phase.NEW;
  volatile LiveRoom room;
  volatile Seat seat;

  /** Validated name and owner flag from the hello that ended in the lobby. */
  volatile String lobbyName;

  Connection(Outbox outbox, MessageCodec codec, SignalingService service, RateLimiter limiter) {
    this.outbox = outbox;
    this.codec = codec;
    this.service = service;
    this.limiter = limiter;
  }

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

  void sendError(ProtocolException e) {
    send(codec.encode(new ServerMessage.Error(e.code(), e.getMessage(), e.ref())));
    if (e.code().closes()) {
      close(CloseCodes.POLICY, e.code().wire());
    }
  }

  void send(ServerMessage message) {
    send(codec.encode(message));
  }

  @Override
  public void send(String frame) {
    outbox.offer(frame);
  }

  @Override
  public void close(int code, String reason) {
    outbox.closeAfterFlush(code, reason);
  }

  /** The socket is gone (closed, errored or dropped for overflow). Idempotent. */
  void closed() {
    if (phase == Phase.CLOSED) {
      return;
    }
    Phase before = phase;
    phase = Phase.CLOSED;
    outbox.kill();
    service.disconnected(this, before);
  }

  void helloDeadline() {
    if (phase == Phase.NEW) {
      close(CloseCodes.POLICY, "no hello in time");
    }
  }

  /** The one table from message type to handler. */
  private final class Router implements ClientMessage.Visitor<Void> {
    private final Connection self = Connection.this;

    @Override
    public Void visit(ClientMessage.Hello m) {
      service.hello(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Signal m) {
      service.signal(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Relay m) {
      service.relay(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Update m) {
      service.update(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Lock m) {
      service.lock(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Knock m) {
      service.knock(self);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Admit m) {
      service.admit(self, m.peerId());
      return null;
    }

    @Override
    public Void visit(ClientMessage.Deny m) {
      service.deny(self, m.peerId());
      return null;
    }

    @Override
    public Void visit(ClientMessage.Kick m) {
      service.kick(self, m.peerId());
      return null;
    }

    @Override
    public Void visit(ClientMessage.Configure m) {
      service.configure(self, m);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Leave m) {
      service.leave(self);
      return null;
    }

    @Override
    public Void visit(ClientMessage.Ping m) {
      send(new ServerMessage.Pong(m.ts()));
      return null;
    }
  }
}
