package org.tfx.sessions.room.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A room as stored. Only hashes of its secret, owner token and password are kept; the rules live in
 * {@link org.tfx.sessions.room.LiveRoom}.
 */
@Entity
@Table(name = "room")
public class Room {
  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(name = "secret_hash", nullable = false)
  private String secretHash;

  @Column(name = "owner_token_hash", nullable = false)
  private String ownerTokenHash;

  @Column(name = "password_hash")
  private String passwordHash;

  @Column(nullable = false)
  private boolean locked;

  @Column(nullable = false)
  private int capacity;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "last_active_at", nullable = false)
  private Instant lastActiveAt;

  /** Decisions kept for this room; several nodes compare-and-set it (see SharedRoomRecord). */
  @Column(nullable = false)
  private long version;

  protected Room() {}

  public Room(
      String id,
      String name,
      String secretHash,
      String ownerTokenHash,
      String passwordHash,
      int capacity,
      Instant now) {
    this.id = id;
    this.name = name;
    this.secretHash = secretHash;
    this.ownerTokenHash = ownerTokenHash;
    this.passwordHash = passwordHash;
    this.capacity = capacity;
    this.createdAt = now;
    this.lastActiveAt = now;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String secretHash() {
    return secretHash;
  }

  public String ownerTokenHash() {
    return ownerTokenHash;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public boolean locked() {
    return locked;
  }

  public int capacity() {
    return capacity;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastActiveAt() {
    return lastActiveAt;
  }

  public long version() {
    return version;
  }

  /** The settings an owner chose; the live room checked them against its rules. */
  public void configure(boolean locked, int capacity, String passwordHash) {
    this.locked = locked;
    this.capacity = capacity;
    this.passwordHash = passwordHash;
  }

  public void touch(Instant now) {
    this.lastActiveAt = now;
  }
}
