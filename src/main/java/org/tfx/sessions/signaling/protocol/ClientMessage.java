package org.tfx.sessions.signaling.protocol;

import jakarta.json.JsonNumber;

/** Frames a client sends. {@code ref} is the optional client-chosen {@code id} echoed in errors. */
public sealed interface ClientMessage {
  String ref();

  /** Exhaustive dispatch: Java 17 has no pattern switch, so each record routes itself here. */
  <R> R accept(Visitor<R> visitor);

  /** One method per client message type. */
  interface Visitor<R> {
    R visit(Hello m);

    R visit(Signal m);

    R visit(Relay m);

    R visit(Update m);

    R visit(Lock m);

    R visit(Knock m);

    R visit(Admit m);

    R visit(Deny m);

    R visit(Kick m);

    R visit(Configure m);

    R visit(Leave m);

    R visit(Ping m);
  }

  record Hello(
      String ref,
      int version,
      String roomId,
      String secret,
      String name,
      String resumeToken,
      String ownerToken,
      String password)
      implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Signal(String ref, String to, RawJson payload) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** {@code to} is null for a broadcast to every other peer. */
  record Relay(String ref, String to, String channel, RawJson payload) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** Each member is null when unchanged. */
  record Update(String ref, String name, Boolean muted, Boolean video) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Lock(String ref, boolean locked) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Knock(String ref) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Admit(String ref, String peerId) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Deny(String ref, String peerId) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Kick(String ref, String peerId) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** {@code password} "" removes the password; null leaves it. */
  record Configure(String ref, Integer capacity, String password) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Leave(String ref) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Ping(String ref, JsonNumber ts) implements ClientMessage {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }
}
