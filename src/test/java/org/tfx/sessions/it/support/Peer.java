package org.tfx.sessions.it.support;

import jakarta.json.JsonObject;
import java.net.URI;

/** A joined participant: its socket and what {@code welcome} said. */
public record Peer(SignalClient client, JsonObject welcome) implements AutoCloseable {

  public static Peer join(URI base, Api.NewRoom room, String name) {
    return join(base, room, Frames.hello(room, name).build());
  }

  public static Peer join(URI base, Api.NewRoom room, JsonObject hello) {
    SignalClient c = SignalClient.connect(base);
    c.send(hello);
    JsonObject w = c.next("welcome");
    return new Peer(c, w);
  }

  public static Peer owner(URI base, Api.NewRoom room, String name) {
    return join(base, room, Frames.hello(room, name).add("ownerToken", room.ownerToken()).build());
  }

  public String id() {
    return welcome.getString("peerId");
  }

  public String resumeToken() {
    return welcome.getString("resumeToken");
  }

  @Override
  public void close() {
    client.close();
  }
}
