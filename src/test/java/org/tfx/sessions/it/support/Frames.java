package org.tfx.sessions.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Client frames for tests. */
public final class Frames {
  private Frames() {}

  public static JsonObjectBuilder hello(Api.NewRoom room, String name) {
    return Json.createObjectBuilder()
        .add("type", "hello")
        .add("version", 1)
        .add("roomId", room.roomId())
        .add("secret", room.secret())
        .add("name", name);
  }

  public static JsonObject signal(String to, JsonValue payload) {
    return Json.createObjectBuilder()
        .add("type", "signal")
        .add("to", to)
        .add("payload", payload)
        .build();
  }

  public static JsonObject relay(String channel, JsonValue payload) {
    return Json.createObjectBuilder()
        .add("type", "relay")
        .add("channel", channel)
        .add("payload", payload)
        .build();
  }

  public static JsonObject of(String type) {
    return Json.createObjectBuilder().add("type", type).build();
  }

  public static JsonObject withPeer(String type, String peerId) {
    return Json.createObjectBuilder().add("type", type).add("peerId", peerId).build();
  }

  public static JsonObject sdp(String kind, String sdp) {
    return Json.createObjectBuilder()
        .add("description", Json.createObjectBuilder().add("type", kind).add("sdp", sdp))
        .build();
  }
}
