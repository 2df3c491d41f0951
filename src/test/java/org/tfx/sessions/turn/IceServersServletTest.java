package org.tfx.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.web.JsonHttp;

/** The servlet without a container: fakes of the few servlet API calls it makes. */
class IceServersServletTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t";

  /** Room "room42" exists with {@link #SECRET}; nothing else does. */
  private static final RoomSecretCheck ROOMS =
      (roomId, secret) -> {
        if (!roomId.equals("room42")) {
          return RoomSecretCheck.Result.NOT_FOUND;
        }
        return secret.equals(SECRET)
            ? RoomSecretCheck.Result.OK
            : RoomSecretCheck.Result.WRONG_SECRET;
      };

  private static final Settings.Turn WITH_TURN =
      new Settings.Turn(
          List.of("stun:turn.example.org:3478"),
          List.of("turn:turn.example.org:3478", "turns:turn.example.org:443?transport=tcp"),
          List.of("current", "previous"),
          Duration.ofHours(1));

  private static final Settings.Turn STUN_ONLY =
      new Settings.Turn(
          List.of("stun:turn.example.org:3478"), List.of(), List.of(), Duration.ofHours(1));

  static Stream<Arguments> refusals() {
    String tooLong = "x".repeat(513);
    return Stream.of(
        Arguments.of(null, SECRET, 400, "invalid-request"),
        Arguments.of("", SECRET, 400, "invalid-request"),
        Arguments.of("room/42", SECRET, 400, "invalid-request"),
        Arguments.of("r".repeat(65), SECRET, 400, "invalid-request"),
        Arguments.of("room42", null, 400, "invalid-request"),
        Arguments.of("room42", " ", 400, "invalid-request"),
        Arguments.of("room42", tooLong, 400, "invalid-request"),
        Arguments.of("nosuchroom", SECRET, 404, "room-not-found"),
        Arguments.of("room42", "guess", 403, "wrong-secret"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusesWithJsonError(String roomId, String secret, int status, String code)
      throws Exception {
    Exchange x = get(WITH_TURN, roomId, secret);
    assertEquals(status, x.status);
    JsonObject body = x.json();
    assertEquals(code, body.getString("code"));
    assertFalse(body.getString("message").isBlank());
    assertFalse(body.containsKey("iceServers"));
  }

  @Test
  void issuesStunAndTurnWithCredentialsForTheRoom() throws Exception {
    Exchange x = get(WITH_TURN, "room42", SECRET);
    assertEquals(200, x.status);
    assertEquals("application/json", x.contentType);
    assertEquals("UTF-8", x.encoding);
    assertEquals("no-store", x.headers.get("Cache-Control"));
    JsonObject body = x.json();
    assertTrue(body.getBoolean("turn"));
    assertEquals(3600, body.getInt("ttlSeconds"));
    var servers = body.getJsonArray("iceServers");
    assertEquals(2, servers.size());
    JsonObject stun = servers.getJsonObject(0);
    assertEquals("stun:turn.example.org:3478", stun.getJsonArray("urls").getString(0));
    assertFalse(stun.containsKey("username"), "STUN entry must not carry null credentials");
    JsonObject turn = servers.getJsonObject(1);
    assertEquals(3, turn.getJsonArray("urls").size());
    String username = turn.getString("username");
    assertEquals((NOW.getEpochSecond() + 3600) + ":room42", username);
    assertEquals(TurnCredentials.sign("current", username), turn.getString("credential"));
  }

  @Test
  void saysSoWhenThereIsNoTurn() throws Exception {
    Exchange x = get(STUN_ONLY, "room42", SECRET);
    assertEquals(200, x.status);
    JsonObject body = x.json();
    assertFalse(body.getBoolean("turn"));
    assertFalse(body.containsKey("ttlSeconds"));
    assertEquals(1, body.getJsonArray("iceServers").size());
  }

  // --- fakes -----------------------------------------------------------------------------------

  private static final class Exchange {
    int status = 200;
    String contentType;
    String encoding;
    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    JsonObject json() {
      try (var reader =
          Json.createReader(new StringReader(body.toString(StandardCharsets.UTF_8)))) {
        return reader.readObject();
      }
    }
  }

  private static Exchange get(Settings.Turn turn, String roomId, String secret) throws Exception {
    IceServerProvider provider = new IceServerProvider(turn, Clock.fixed(NOW, ZoneOffset.UTC));
    IceServersServlet servlet =
        new IceServersServlet(ROOMS, provider, new JsonHttp(JsonbBuilder.create()));
    Exchange x = new Exchange();
    HttpServletRequest request =
        fake(
            HttpServletRequest.class,
            (method, args) ->
                switch (method) {
                  case "getMethod" -> "GET";
                  case "getParameter" -> "roomId".equals(args[0]) ? roomId : null;
                  case "getHeader" ->
                      IceServersServlet.SECRET_HEADER.equalsIgnoreCase((String) args[0])
                          ? secret
                          : null;
                  case "getProtocol" -> "HTTP/1.1";
                  default -> throw new UnsupportedOperationException(method);
                });
    ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            x.body.write(b);
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}
        };
    HttpServletResponse response =
        fake(
            HttpServletResponse.class,
            (method, args) -> {
              switch (method) {
                case "setStatus" -> x.status = (Integer) args[0];
                case "setHeader" -> x.headers.put((String) args[0], (String) args[1]);
                case "setContentType" -> x.contentType = (String) args[0];
                case "setCharacterEncoding" -> x.encoding = (String) args[0];
                case "getOutputStream" -> {
                  return out;
                }
                default -> throw new UnsupportedOperationException(method);
              }
              return null;
            });
    servlet.service(request, response);
    return x;
  }

  private static <T> T fake(Class<T> type, BiFunction<String, Object[], Object> answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> answer.apply(method.getName(), args)));
  }
}
