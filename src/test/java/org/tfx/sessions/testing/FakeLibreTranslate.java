package org.tfx.sessions.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LibreTranslate stand-in on loopback, speaking its API ({@code POST /translate} with JSON,
 * {@code GET /languages}). It "translates" by tagging the text with the target language ({@code
 * "[de] hello"}) and detects English when asked to. Magic texts make it misbehave: {@code __slow__}
 * (answers after 4 s), {@code __garbage__} (HTML instead of JSON), {@code __huge__} (a 200 KiB
 * answer), {@code __500__}, {@code __notext__} (JSON without translatedText); target {@code xx} is
 * an unsupported language (400). With an API key set, other keys get 403.
 */
public final class FakeLibreTranslate implements AutoCloseable {
  private final LoopbackServer server;
  private final AtomicInteger translations = new AtomicInteger();
  private final AtomicInteger languageLists = new AtomicInteger();

  public FakeLibreTranslate(int port, String apiKey) {
    server = new LoopbackServer("127.0.0.1", port);
    server.on(
        "/translate",
        ex -> {
          translations.incrementAndGet();
          JsonObject body;
          String raw = server.seen().get(server.seen().size() - 1).body();
          try (JsonReader r = Json.createReader(new StringReader(raw))) {
            body = r.readObject();
          } catch (RuntimeException e) {
            LoopbackServer.send(ex, 400, "application/json", bytes("{\"error\":\"bad body\"}"));
            return;
          }
          if (!apiKey.isEmpty() && !apiKey.equals(body.getString("api_key", ""))) {
            LoopbackServer.send(
                ex, 403, "application/json", bytes("{\"error\":\"Invalid API key\"}"));
            return;
          }
          String q = body.getString("q", "");
          String target = body.getString("target", "");
          if (!"text".equals(body.getString("format", ""))) {
            LoopbackServer.send(
                ex, 400, "application/json", bytes("{\"error\":\"format must be text\"}"));
            return;
          }
          if (target.equals("xx")) {
            LoopbackServer.send(
                ex, 400, "application/json", bytes("{\"error\":\"xx is not supported\"}"));
            return;
          }
          switch (q) {
            case "__slow__" -> {
              try {
                Thread.sleep(4000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              LoopbackServer.send(
                  ex, 200, "application/json", bytes("{\"translatedText\":\"late\"}"));
            }
            case "__garbage__" ->
                LoopbackServer.send(ex, 200, "text/html", bytes("<html>Bad Gateway</html>"));
            case "__huge__" ->
                LoopbackServer.send(
                    ex,
                    200,
                    "application/json",
                    bytes("{\"translatedText\":\"" + "a".repeat(200_000) + "\"}"));
            case "__500__" ->
                LoopbackServer.send(ex, 500, "application/json", bytes("{\"error\":\"boom\"}"));
            case "__notext__" ->
                LoopbackServer.send(ex, 200, "application/json", bytes("{\"text\":\"x\"}"));
            default -> {
              String detected =
                  body.getString("source", "").equals("auto")
                      ? ",\"detectedLanguage\":{\"confidence\":90,\"language\":\"en\"}"
                      : "";
              String out = Json.createValue("[" + target + "] " + q).toString();
              LoopbackServer.send(
                  ex,
                  200,
                  "application/json",
                  bytes("{\"translatedText\":" + out + detected + "}"));
            }
          }
        });
    server.on(
        "/languages",
        ex -> {
          languageLists.incrementAndGet();
          LoopbackServer.send(
              ex,
              200,
              "application/json",
              bytes(
                  "[{\"code\":\"en\",\"name\":\"English\",\"targets\":[\"de\",\"fr\"]},"
                      + "{\"code\":\"de\",\"name\":\"German\",\"targets\":[\"en\"]},"
                      + "{\"code\":\"<script>\",\"name\":\"bogus\"}]"));
        });
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public URI base() {
    return server.base();
  }

  public int translations() {
    return translations.get();
  }

  public int languageLists() {
    return languageLists.get();
  }

  public LoopbackServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
  }
}
