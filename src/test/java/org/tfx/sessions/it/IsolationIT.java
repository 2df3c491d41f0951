package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.Frames;
import org.tfx.sessions.it.support.Peer;
import org.tfx.sessions.it.support.SignalClient;

/** Many rooms at once: nothing crosses a room boundary, nothing is lost; the address cap holds. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IsolationIT {
  private static final int ROOMS = 30;
  private static final int PEERS_PER_ROOM = 4;
  private static final int MESSAGES_PER_PEER = 90;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  private record Member(String roomId, Peer peer) {}

  @Test
  void tenThousandMessagesAcrossThirtyRoomsStayInTheirRooms() throws Exception {
    URI base = url.toURI();
    Api api = new Api(base);
    List<List<Member>> rooms = new ArrayList<>();
    List<Member> all = new ArrayList<>();
    for (int r = 0; r < ROOMS; r++) {
      Api.NewRoom room = api.createRoom();
      List<Member> members = new ArrayList<>();
      for (int p = 0; p < PEERS_PER_ROOM; p++) {
        Member m = new Member(room.roomId(), Peer.join(base, room, "p" + p));
        members.add(m);
        all.add(m);
      }
      rooms.add(members);
    }
    // Let the join announcements settle, then forget them.
    Thread.sleep(300);
    all.forEach(m -> m.peer().client().drain(Duration.ofMillis(1)));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<int[]>> work = new ArrayList<>();
    for (int r = 0; r < ROOMS; r++) {
      List<Member> members = rooms.get(r);
      List<Member> foreign = rooms.get((r + 1) % ROOMS);
      for (int p = 0; p < PEERS_PER_ROOM; p++) {
        Member me = members.get(p);
        Member neighbour = members.get((p + 1) % PEERS_PER_ROOM);
        Member stranger = foreign.get(p);
        work.add(pool.submit(() -> send(me, neighbour, stranger)));
      }
    }
    int expectedDeliveries = 0;
    int expectedRefusals = 0;
    int sent = 0;
    for (Future<int[]> f : work) {
      int[] counts = f.get();
      sent += counts[0];
      expectedDeliveries += counts[1];
      expectedRefusals += counts[2];
    }
    pool.shutdown();
    assertTrue(sent >= 10_000, "sent " + sent);

    int delivered = 0;
    int outside = 0;
    int refusals = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (delivered + refusals < expectedDeliveries + expectedRefusals
        && System.nanoTime() < deadline) {
      for (Member m : all) {
        for (JsonObject frame : m.peer().client().drain(Duration.ofMillis(1))) {
          switch (frame.getString("type")) {
            case "relay", "signal" -> {
              delivered++;
              if (!frame.getJsonObject("payload").getString("room").equals(m.roomId())) {
                outside++;
              }
            }
            case "error" -> {
              assertEquals("peer-not-found", frame.getString("code"));
              refusals++;
            }
            default -> {}
          }
        }
      }
    }
    assertEquals(0, outside, "deliveries outside the sender's room");
    assertEquals(expectedDeliveries, delivered, "deliveries (none lost)");
    assertEquals(expectedRefusals, refusals, "signals to other rooms' peers refused");
    all.forEach(m -> m.peer().close());
  }

  /** Returns {sent, deliveries expected, refusals expected}. */
  private static int[] send(Member me, Member neighbour, Member stranger) {
    int deliveries = 0;
    int refusals = 0;
    for (int i = 0; i < MESSAGES_PER_PEER; i++) {
      JsonObject payload =
          Json.createObjectBuilder().add("room", me.roomId()).add("seq", i).build();
      if (i % 10 == 0) {
        me.peer().client().send(Frames.signal(stranger.peer().id(), payload));
        refusals++;
      } else if (i % 2 == 0) {
        me.peer().client().send(Frames.signal(neighbour.peer().id(), payload));
        deliveries++;
      } else {
        me.peer().client().send(Frames.relay("iso", payload));
        deliveries += PEERS_PER_ROOM - 1;
      }
    }
    return new int[] {MESSAGES_PER_PEER, deliveries, refusals};
  }

  @Test
  void connectionsPerAddressAreCapped() throws Exception {
    URI base = url.toURI();
    int cap = Integer.getInteger("tfx.ws.maxConnectionsPerAddress", 256);
    // Sockets of the other test in this class close asynchronously.
    Thread.sleep(500);
    Api api = new Api(base);
    List<SignalClient> open = new ArrayList<>();
    try {
      // Joined sockets, so that the hello deadline does not close them while we count.
      Api.NewRoom room = null;
      for (int i = 0; i < cap; i++) {
        if (i % 6 == 0) {
          room = api.createRoom();
        }
        open.add(Peer.join(base, room, "p" + i).client());
      }
      int status =
          SignalClient.handshakeStatus(base, "http://" + base.getHost() + ":" + base.getPort());
      assertEquals(429, status, "handshake over the cap");
      open.remove(0).close();
      Thread.sleep(300);
      SignalClient again = SignalClient.connect(base);
      again.send(Frames.of("ping"));
      assertEquals("pong", again.next().getString("type"));
      open.add(again);
    } finally {
      open.forEach(SignalClient::close);
    }
  }
}
