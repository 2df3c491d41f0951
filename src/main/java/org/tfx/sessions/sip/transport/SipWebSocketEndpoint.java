package org.tfx.sessions.sip.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * SIP over WebSocket (RFC 7118) at {@code /sip}: one SIP message per frame, text or binary; the
 * subprotocol must be {@code sip}. Built per connection by {@link SipWebSocketConfigurator}; the
 * Origin was checked before the upgrade, as for {@code /signal}.
 */
public final class SipWebSocketEndpoint extends Endpoint {
  public static final String PATH = "/sip";
  public static final String SUBPROTOCOL = "sip";

  /** User property under which the handshake leaves the client's address. */
  static final String ADDRESS_PROPERTY = "org.tfx.sessions.sip.clientAddress";

  /** What every connection's endpoint works with. */
  record Parts(
      Inbound inbound,
      Flows flows,
      BadInputLog bad,
      int maxBytes,
      long keepAliveMillis,
      ScheduledExecutorService scheduler) {}

  private final Inbound inbound;
  private final Flows flows;
  private final BadInputLog bad;
  private final int maxBytes;
  private final long keepAliveMillis;
  private final ScheduledExecutorService scheduler;

  private WsFlow flow;
  private ScheduledFuture<?> pings;

  SipWebSocketEndpoint(Parts parts) {
    this.inbound = parts.inbound();
    this.flows = parts.flows();
    this.bad = parts.bad();
    this.maxBytes = parts.maxBytes();
    this.keepAliveMillis = parts.keepAliveMillis();
    this.scheduler = parts.scheduler();
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    if (!SUBPROTOCOL.equals(session.getNegotiatedSubprotocol())) {
      close(session, CloseReason.CloseCodes.PROTOCOL_ERROR, "subprotocol sip required");
      return;
    }
    InetSocketAddress remote = remoteOf(session);
    WsFlow f = new WsFlow(flows.newId(Transport.WS), session, remote);
    flow = f;
    flows.add(f);
    Assembler text = new Assembler(maxBytes);
    session.addMessageHandler(
        String.class,
        (MessageHandler.Partial<String>)
            (part, last) -> {
              byte[] whole = text.add(part.getBytes(StandardCharsets.UTF_8), last);
              deliver(session, whole, text);
            });
    Assembler binary = new Assembler(maxBytes);
    session.addMessageHandler(
        ByteBuffer.class,
        (MessageHandler.Partial<ByteBuffer>)
            (part, last) -> {
              byte[] bytes = new byte[part.remaining()];
              part.get(bytes);
              deliver(session, binary.add(bytes, last), binary);
            });
    pings =
        scheduler.scheduleAtFixedRate(
            f::ping, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
  }

  private void deliver(Session session, byte[] whole, Assembler assembler) {
    if (assembler.overflowed()) {
      bad.bad(flow.remote().getAddress(), Transport.WS, "message too large", "");
      flow.close(CloseReason.CloseCodes.TOO_BIG, "SIP message larger than " + maxBytes);
      return;
    }
    if (whole != null) {
      inbound.received(whole, flow);
    }
  }

  private static InetSocketAddress remoteOf(Session session) {
    Object address = session.getUserProperties().get(ADDRESS_PROPERTY);
    try {
      return new InetSocketAddress(
          InetAddress.getByName(address == null ? "0.0.0.0" : address.toString()), 0);
    } catch (UnknownHostException e) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
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
    if (pings != null) {
      pings.cancel(false);
      pings = null;
    }
    WsFlow f = flow;
    if (f != null) {
      flow = null;
      f.closed();
      flows.remove(f);
      inbound.closed(f);
    }
  }

  private static void close(Session session, CloseReason.CloseCode code, String reason) {
    try {
      session.close(new CloseReason(code, reason));
    } catch (java.io.IOException | IllegalStateException e) {
      // closing anyway
    }
  }

  /** Joins the parts of one frame, up to a limit. */
  private static final class Assembler {
    private final int max;
    private byte[] parts = new byte[0];
    private boolean overflowed;

    Assembler(int max) {
      this.max = max;
    }

    /** The whole message when {@code last}, else null. */
    byte[] add(byte[] part, boolean last) {
      if (overflowed) {
        return null;
      }
      if (parts.length + part.length > max) {
        overflowed = true;
        parts = new byte[0];
        return null;
      }
      byte[] joined = java.util.Arrays.copyOf(parts, parts.length + part.length);
      System.arraycopy(part, 0, joined, parts.length, part.length);
      parts = new byte[0];
      if (last) {
        return joined;
      }
      parts = joined;
      return null;
    }

    boolean overflowed() {
      return overflowed;
    }
  }
}
