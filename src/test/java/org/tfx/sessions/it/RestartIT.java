package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Frames;
import org.tfx.sessions.it.support.Peer;
import org.tfx.sessions.it.support.StandaloneServer;

/**
 * Rooms and seats live in the H2 file: they survive a normal stop and a {@code kill -9}, and peers
 * that come back with their resume token get their seats back.
 */
class RestartIT {

  @Test
  void roomsAndSeatsSurviveStopAndKill() throws Exception {
    // Under target/ rather than a temp dir, so the server log stays for a post-mortem.
    Path dir =
        Files.createTempDirectory(Files.createDirectories(Path.of("target", "restart-it")), "run")
            .toAbsolutePath();
    Map<String, String> props =
        Map.of(
            "tfx.db.url", "jdbc:h2:file:" + dir.resolve("db/tfx"),
            "tfx.session.grace", "8s",
            "tfx.ws.helloTimeout", "5s");
    try (StandaloneServer server = new StandaloneServer(dir, props)) {
      server.start();
      Api api = new Api(server.base());
      Api.NewRoom room = api.createRoom("{\"name\":\"Survivors\"}");
      Peer a = Peer.join(server.base(), room, "A");
      Peer b = Peer.join(server.base(), room, "B");
      Peer gone = Peer.join(server.base(), room, "Gone");

      // A normal stop and start: the room is still there.
      long t0 = System.nanoTime();
      server.stop();
      server.start();
      System.out.printf("stop+start took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      var info = api.get("/api/rooms/" + room.roomId(), "X-Room-Secret", room.secret());
      assertEquals(200, info.statusCode(), info.body());
      assertEquals("Survivors", Api.parse(info.body()).getString("name"));
      a = resume(server, room, "A", a);
      b = resume(server, room, "B", b);
      gone = resume(server, room, "Gone", gone);

      // kill -9, then start on the same file.
      t0 = System.nanoTime();
      server.kill();
      server.start();
      System.out.printf("kill+start took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertEquals(
          200, api.get("/api/rooms/" + room.roomId(), "X-Room-Secret", room.secret()).statusCode());
      Peer a2 = resume(server, room, "A", a);
      Peer b2 = resume(server, room, "B", b);
      assertEquals(
          b.id(), a2.client().next("peer-updated").getJsonObject("peer").getString("peerId"));

      a2.client().send(Frames.signal(b2.id(), Json.createValue("after kill -9")));
      JsonObject signal = b2.client().next("signal");
      assertEquals(a2.id(), signal.getString("from"));
      assertEquals("after kill -9", signal.getString("payload"));

      // The one that never came back is gone once the grace period (from the restart) is over.
      JsonObject left = a2.client().next("peer-left", Duration.ofSeconds(15));
      assertEquals(gone.id(), left.getString("peerId"));
      assertEquals("timeout", left.getString("reason"));
      a2.close();
      b2.close();
    }
  }

  private static Peer resume(StandaloneServer server, Api.NewRoom room, String name, Peer before) {
    Peer after =
        Peer.join(
            server.base(),
            room,
            Frames.hello(room, name).add("resumeToken", before.resumeToken()).build());
    assertTrue(after.welcome().getBoolean("resumed"), name + " resumed");
    assertEquals(before.id(), after.id(), name + " kept its peer id");
    return after;
  }
}
