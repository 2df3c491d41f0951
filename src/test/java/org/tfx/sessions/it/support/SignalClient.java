package org.tfx.sessions.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real WebSocket client of {@code /signal} (java.net.http), recording every frame it gets. */
public final class SignalClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile String closeReason;
  private final AtomicBoolean reading = new AtomicBoolean(true);
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  private SignalClient(WebSocket.Builder builder, URI uri) {
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  public static SignalClient connect(URI base) {
    return new SignalClient(
        HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)), wsUri(base));
  }

  public static SignalClient connect(URI base, String origin) {
    return new SignalClient(HTTP.newWebSocketBuilder().header("Origin", origin), wsUri(base));
  }

  /** The handshake's HTTP status when the server refuses the upgrade, or 101. */
  public static int handshakeStatus(URI base, String origin) {
    try {
      SignalClient c = connect(base, origin);
      c.close();
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  public static URI wsUri(URI base) {
    return URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/signal");
  }

  public SignalClient send(String frame) {
    socket.sendText(frame, true).join();
    return this;
  }

  public SignalClient send(JsonObject frame) {
    return send(frame.toString());
  }

  public SignalClient send(jakarta.json.JsonObjectBuilder frame) {
    return send(frame.build());
  }

  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /** The next frame, whatever its type. */
  public JsonObject next() {
    return next(Duration.ofSeconds(5));
  }

  public JsonObject next(Duration timeout) {
    try {
      JsonObject m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError("no frame within " + timeout);
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame of {@code type}, skipping others (e.g. room-updated). */
  public JsonObject next(String type) {
    return next(type, Duration.ofSeconds(5));
  }

  public JsonObject next(String type, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no '" + type + "' frame within " + timeout);
      }
      JsonObject m = next(Duration.ofNanos(left));
      if (type.equals(m.getString("type"))) {
        return m;
      }
    }
  }

  /** Frames that arrive within {@code window}. */
  public List<JsonObject> drain(Duration window) {
    List<JsonObject> out = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return out;
      }
      try {
        JsonObject m = inbox.poll(left, TimeUnit.NANOSECONDS);
        if (m != null) {
          out.add(m);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return out;
      }
    }
  }

  /** Stops reading from the socket, as a consumer that cannot keep up would. */
  public void stopReading() {
    reading.set(false);
  }

  /** The close code the server sent, waiting up to {@code timeout}. */
  public int awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + timeout, e);
    }
  }

  /** The reason of the server's close frame, once {@link #awaitClose} has returned. */
  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the TCP connection without a close handshake, like a lost network. */
  public void abort() {
    socket.abort();
    closed.complete(1006);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        socket.abort();
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try (JsonReader r = Json.createReader(new StringReader(partial.toString()))) {
          inbox.add(r.readObject());
        }
        partial.setLength(0);
      }
      if (reading.get()) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(1006);
    }
  }
}
