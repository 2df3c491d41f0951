package org.tfx.sessions.signaling;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tfx.sessions.config.Settings;

/**
 * The {@code /signal} socket. One instance per connection, built by {@link
 * SignalEndpointConfigurator} with its collaborators; it wires the container's session to a {@link
 * Connection} and enforces the per-socket limits.
 */
public final class SignalEndpoint extends Endpoint {
  /** User property under which the handshake leaves the client's address. */
  static final String ADDRESS_PROPERTY = "org.tfx.sessions.clientAddress";

  private static final System.Logger LOG = System.getLogger(SignalEndpoint.class.getName());
  private static final String TOMCAT_BLOCKING_SEND_TIMEOUT =
      "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
  private static final Long CLOSE_SEND_TIMEOUT_MS = 500L;

  private final Signaling signaling;
  private final Settings.Signaling limits;
  private final AddressLimiter addresses;
  private final SocketCount sockets;
  private final ScheduledExecutorService scheduler;
  private final Executor closer;
  private final IdleWatch idle;

  private Connection connection;
  private IdleWatch.Watched watched;

  /** {@link System#nanoTime()} of the last frame (or part of one) received. */
  private volatile long lastHeard = System.nanoTime();

  private String address;
  private boolean counted;

  public SignalEndpoint(
      Signaling signaling,
      Settings.Signaling limits,
      AddressLimiter addresses,
      SocketCount sockets,
      ScheduledExecutorService scheduler,
      Executor closer,
      IdleWatch idle) {
    this.signaling = signaling;
    this.limits = limits;
    this.addresses = addresses;
    this.sockets = sockets;
    this.scheduler = scheduler;
    this.closer = closer;
    this.idle = idle;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    // WebSocket 2.1 makes the session's user properties a per-connection copy of what
    // modifyHandshake left; the EndpointConfig handed to onOpen is only per-connection by habit.
    Object addr = session.getUserProperties().get(ADDRESS_PROPERTY);
    String candidate = addr == null ? "unknown" : addr.toString();
    // The handshake filter refuses a full node with 503; this catches the few that raced past it.
    if (!sockets.acquire()) {
      closeQuietly(session, CloseCodes.TRY_AGAIN_LATER, "this server is full");
      return;
    }
    counted = true;
    if (!addresses.acquire(candidate)) {
      closeQuietly(session, CloseCodes.POLICY, "too many connections from your address");
      return;
    }
    address = candidate;
    // The idle timeout is the IdleWatch's, not the container's (see there why): 0 turns the
    // container's own off, whatever a deployment set as its default.
    session.setMaxIdleTimeout(0);
    if (!limits.tyrusIdleTasks()) {
      TyrusIdleTimer.disable(session);
    }
    // Tomcat answers a client's close frame with a blocking send that first waits for our async
    // send in flight; that wait can need another container thread, so when hundreds of peers
    // leave at once every thread waits (20 s by default) and relaying stalls. Bound the wait.
    // Other containers ignore this documented Tomcat session property.
    session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MS);
    Outbox outbox =
        new Outbox(
            session.getAsyncRemote()::sendText,
            limits.directSend() ? frame -> sendNow(session, frame) : null,
            limits.outboxMaxMessages(),
            limits.outboxMaxBytes(),
            () -> overflowed(session),
            failure -> writeFailed(session, failure),
            (code, reason) -> closer.execute(() -> closeQuietly(session, code, reason)));
    connection =
        signaling.open(
            outbox, new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), System.nanoTime()));
    FrameAssembler text = new FrameAssembler(limits.maxFrameBytes());
    session.addMessageHandler(
        String.class,
        (MessageHandler.Partial<String>)
            (part, last) -> {
              lastHeard = System.nanoTime();
              FrameAssembler.Result r = text.accept(part, last);
              if (r instanceof FrameAssembler.Frame f) {
                connection.onText(f.text());
              } else if (r instanceof FrameAssembler.TooBig) {
                tooBig(session);
              }
            });
    session.addMessageHandler(
        ByteBuffer.class,
        (MessageHandler.Partial<ByteBuffer>)
            (part, last) -> {
              lastHeard = System.nanoTime();
              if (last) {
                connection.onBinary();
              }
            });
    watched = new Silence(session);
    idle.watch(watched);
    Connection c = connection;
    scheduler.schedule(c::helloDeadline, limits.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closed at once: the rest of an oversized frame is not worth reading. */
  private void tooBig(Session session) {
    cutOff(session, CloseCodes.TOO_BIG, "frame larger than " + limits.maxFrameBytes() + " bytes");
  }

  /** A slow consumer: give up its seat to the grace period and cut the socket off elsewhere. */
  private void overflowed(Session session) {
    cutOff(session, CloseCodes.TRY_AGAIN_LATER, "too slow: outbox overflowed");
  }

  /**
   * A frame could not be written: the socket can no longer be trusted to carry the room's messages,
   * so it is closed (1011) and its seat goes lost, to be resumed on a fresh socket.
   */
  private void writeFailed(Session session, Throwable failure) {
    if (session.isOpen()) {
      LOG.log(
          System.Logger.Level.WARNING, "a frame could not be sent; closing the socket", failure);
    }
    cutOff(session, CloseCodes.SERVER_ERROR, "cannot send to this socket");
  }

  /**
   * Ends the connection for the room now (its seat is lost) and closes the socket on the closer
   * pool, since the close may block on a peer that no longer reads.
   */
  private void cutOff(Session session, int code, String reason) {
    Connection c = connection;
    if (c != null) {
      c.closed();
    }
    closer.execute(() -> closeQuietly(session, code, reason));
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    finish();
  }

  @Override
  public void onError(Session session, Throwable error) {
    finish();
  }

  private synchronized void finish() {
    if (watched != null) {
      idle.forget(watched);
      watched = null;
    }
    if (connection != null) {
      connection.closed();
    }
    if (address != null) {
      addresses.release(address);
      address = null;
    }
    if (counted) {
      sockets.release();
      counted = false;
    }
  }

  /** This socket as the {@link IdleWatch} sees it. */
  private final class Silence implements IdleWatch.Watched {
    private final Session session;

    Silence(Session session) {
      this.session = session;
    }

    @Override
    public long lastHeardNanos() {
      return lastHeard;
    }

    @Override
    public void idle() {
      cutOff(
          session,
          CloseCodes.GOING_AWAY,
          "idle: nothing received for " + limits.idleTimeout().toSeconds() + " s");
    }
  }

  /** A blocking send, bounded by {@link #CLOSE_SEND_TIMEOUT_MS} on Tomcat. */
  private static boolean sendNow(Session session, String frame) {
    try {
      session.getBasicRemote().sendText(frame);
      return true;
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  private static void closeQuietly(Session session, int code, String reason) {
    try {
      if (session.isOpen()) {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
      }
    } catch (IOException | IllegalStateException e) {
      // Already closing; the container reports the end through onClose/onError.
    }
  }
}
