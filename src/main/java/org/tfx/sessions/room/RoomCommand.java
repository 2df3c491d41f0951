package org.tfx.sessions.room;

import java.time.Instant;

/**
 * What can be asked of a live room. Commands name the socket they come from ({@link LinkId}); those
 * that need a seat name it too ({@link Actor}) and the room checks that the seat is still attached
 * to that socket. Whatever is slow or random (password hashing, new ids and tokens) is prepared by
 * the caller, so that the room's decisions are quick and repeatable.
 */
public sealed interface RoomCommand {
  <R> R accept(Visitor<R> visitor);

  /** One method per command: adding a command does not compile until every visitor handles it. */
  interface Visitor<R> {
    R visit(Join c);

    R visit(Knock c);

    R visit(Admit c);

    R visit(Deny c);

    R visit(Lock c);

    R visit(Configure c);

    R visit(Kick c);

    R visit(Update c);

    R visit(Leave c);

    R visit(Drop c);

    R visit(Expire c);

    R visit(NodeGone c);
  }

  /** A seated participant, as a command names it: its peer id and the socket it sends from. */
  record Actor(PeerId peer, LinkId link) {}

  /**
   * Take a seat, or take back a lost one. {@code newPeer} is the id a new seat gets; {@code
   * tokenHash} is the hash of the resume token the caller will hand out for whichever seat results.
   */
  record Join(
      LinkId link,
      PeerId newPeer,
      String tokenHash,
      String name,
      String secret,
      String ownerToken,
      String resumeToken,
      PasswordCheck password)
      implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** Ask the owners to be let into a locked room (after a join ended in the lobby). */
  record Knock(LinkId link, PeerId newPeer, String tokenHash, String name) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Admit(Actor by, PeerId knocker) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Deny(Actor by, PeerId knocker) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Lock(Actor by, boolean locked) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * Owner settings. {@code capacity} null leaves it; {@code password} null leaves the password,
   * otherwise it is the change already hashed.
   */
  record Configure(Actor by, Integer capacity, PasswordChange password) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A new password hash, or null to remove the password. */
  record PasswordChange(String hash) {}

  record Kick(Actor by, PeerId target) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** Each of name, muted and video is null when unchanged. */
  record Update(Actor by, String name, Boolean muted, Boolean video) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record Leave(Actor by) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** The socket is gone: its seat is lost for the grace period, or its knock ends. */
  record Drop(LinkId link, Instant now) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A lost seat's grace period may be over: the room checks against {@code now}. */
  record Expire(PeerId peer, Instant now) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * The node {@code node} died: every seat attached to one of its sockets is lost from {@code now},
   * every knock from one of its sockets ends.
   */
  record NodeGone(String node, Instant now) implements RoomCommand {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }
}
