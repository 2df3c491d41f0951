package org.tfx.sessions.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The REST side as a test client sees it. */
public final class Api {
  // HTTP/1.1 as browsers speak it to an http:// URL: the default would try an h2c upgrade, which
  // Payara accepts and Tomcat ignores, so the two would see different traffic.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URI base;

  public Api(URI base) {
    this.base = URI.create(base.toString().replaceAll("/$", ""));
  }

  /** A room created through {@code POST /api/rooms}. */
  public record NewRoom(String roomId, String secret, String ownerToken, String joinUrl) {}

  public NewRoom createRoom() {
    return createRoom("{}");
  }

  public NewRoom createRoom(String body) {
    HttpResponse<String> r = post("/api/rooms", body);
    if (r.statusCode() != 201) {
      throw new AssertionError("create room: " + r.statusCode() + " " + r.body());
    }
    JsonObject o = parse(r.body());
    return new NewRoom(
        o.getString("roomId"),
        o.getString("secret"),
        o.getString("ownerToken"),
        o.getString("joinUrl"));
  }

  public HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Any method with a JSON body. */
  public HttpResponse<String> send(String method, String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject parse(String json) {
    try (JsonReader r = Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }
}
