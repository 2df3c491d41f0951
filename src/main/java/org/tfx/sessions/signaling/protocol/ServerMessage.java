package org.tfx.sessions.signaling.protocol;

import jakarta.json.JsonNumber;
import java.util.List;
import org.tfx.sessions.room.LeaveReason;
import org.tfx.sessions.turn.IceServer;

/** Frames the server sends. */
public sealed interface ServerMessage {

  /** Exhaustive dispatch: Java 17 has no pattern switch, so each record routes itself here. */
  <R> R accept(Visitor<R> visitor);

  /** One method per server message type. */
  interface Visitor<R> {
    R visit(Welcome m);

    R visit(PeerJoined m);

    R visit(PeerLeft m);

    R visit(PeerUpdated m);

    R visit(SignalFrom m);

    R visit(RelayFrom m);

    R visit(Knocking m);

    R visit(RoomUpdated m);

    R visit(Error m);

    R visit(Pong m);
  }

  record Welcome(
      String peerId,
      String resumeToken,
      boolean resumed,
      boolean owner,
      RoomView room,
      List<PeerView> peers,
      List<IceServer> iceServers)
      implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record PeerJoined(PeerView peer) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record PeerLeft(String peerId, LeaveReason reason) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record PeerUpdated(PeerView peer) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record SignalFrom(String from, RawJson payload) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record RelayFrom(String from, String channel, RawJson payload) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Knocking(String peerId, String name) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record RoomUpdated(RoomView room) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Error(ErrorCode code, String message, String ref) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Pong(JsonNumber ts) implements ServerMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }
}
