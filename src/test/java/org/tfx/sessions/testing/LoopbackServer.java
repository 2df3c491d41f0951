package org.tfx.sessions.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server on a loopback address and a free port: the stand-in for the sites, the
 * translation service and the widget hosts the server talks to. Records every request it gets, so a
 * test can prove that a refused URL was never fetched.
 */
public final class LoopbackServer implements AutoCloseable {
  /** One request as received. */
  public record Seen(String method, String path, String query, String body, String header) {}

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  public LoopbackServer() {
    this("127.0.0.1", 0);
  }

  public LoopbackServer(String address, int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** Handles {@code path} (and below) with {@code handler}, recording each request first. */
  public LoopbackServer on(String path, HttpHandler handler) {
    server.createContext(
        path,
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath(),
                  exchange.getRequestURI().getRawQuery(),
                  new String(body, StandardCharsets.UTF_8),
                  new java.util.TreeMap<>(exchange.getRequestHeaders()).toString()));
          try {
            handler.handle(exchange);
          } finally {
            exchange.close();
          }
        });
    return this;
  }

  /** Answers {@code status} with {@code body} and the given headers (name, value, …). */
  public static HttpHandler answer(int status, String contentType, String body, String... headers) {
    return exchange ->
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  public static void send(
      HttpExchange exchange, int status, String contentType, byte[] body, String... headers)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  public URI base() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  public URI url(String path) {
    return URI.create(base() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
