package org.tfx.sessions.sip.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code /sip} WebSocket as a flow. JSR-356 forbids overlapping async sends, so messages and
 * pings queue here and leave one at a time; a client that falls {@value #MAX_QUEUED} messages
 * behind is disconnected.
 */
final class WsFlow implements Flow {
  static final int MAX_QUEUED = 256;
  private static final byte[] PING = new byte[0];

  private final String id;
  private final Session session;
  private final InetSocketAddress remote;
  private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean open = new AtomicBoolean(true);

  WsFlow(String id, Session session, InetSocketAddress remote) {
    this.id = id;
    this.session = session;
    this.remote = remote;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Transport transport() {
    return Transport.WS;
  }

  @Override
  public InetSocketAddress remote() {
    return remote;
  }

  @Override
  public boolean isOpen() {
    return open.get() && session.isOpen();
  }

  @Override
  public boolean send(byte[] message) {
    return enqueue(message);
  }

  /** A keep-alive ping, in line with the messages. */
  void ping() {
    enqueue(PING);
  }

  private boolean enqueue(byte[] item) {
    if (!isOpen()) {
      return false;
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow");
      return false;
    }
    queue.add(item);
    pump();
    return true;
  }

  private void pump() {
    while (sending.compareAndSet(false, true)) {
      byte[] next = queue.poll();
      if (next == null) {
        sending.set(false);
        if (queue.isEmpty()) {
          return;
        }
        continue;
      }
      queued.decrementAndGet();
      try {
        if (next == PING) {
          session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
          sending.set(false);
        } else {
          session
              .getAsyncRemote()
              .sendText(new String(next, StandardCharsets.UTF_8), this::completed);
          return; // the completion pumps on
        }
      } catch (IOException | RuntimeException e) {
        sending.set(false);
        close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
        return;
      }
    }
  }

  private void completed(SendResult result) {
    sending.set(false);
    if (!result.isOK()) {
      close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
      return;
    }
    pump();
  }

  void closed() {
    open.set(false);
    queue.clear();
  }

  void close(CloseReason.CloseCode code, String reason) {
    if (open.compareAndSet(true, false)) {
      queue.clear();
      try {
        session.close(new CloseReason(code, reason));
      } catch (IOException | IllegalStateException e) {
        // closing anyway
      }
    }
  }
}
