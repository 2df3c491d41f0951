package org.tfx.sessions.signaling;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many signalling sockets this node holds, against its cap ({@code tfx.ws.maxSockets}). A full
 * node refuses new sockets at once (HTTP 503 at the handshake) instead of letting the container
 * reach its own connection limit, where every new connection — the REST API's and {@code /health}'s
 * too — would hang.
 */
public final class SocketCount {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  public SocketCount(int max) {
    this.max = max;
  }

  /** Whether one more would fit (no reservation). */
  public boolean hasRoom() {
    return open.get() < max;
  }

  /** Reserves a place; false when the node is full. */
  public boolean acquire() {
    while (true) {
      int n = open.get();
      if (n >= max) {
        return false;
      }
      if (open.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public void release() {
    open.decrementAndGet();
  }

  public int open() {
    return open.get();
  }
}
