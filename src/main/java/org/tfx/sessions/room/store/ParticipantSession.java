package org.tfx.sessions.room.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One participant's seat in a room, kept so that a dropped peer can resume, even after a restart.
 */
@Entity
@Table(name = "participant_session")
public class ParticipantSession {
  @Id
  @Column(name = "peer_id")
  private String peerId;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "room_id", nullable = false)
  private Room room;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private SessionState state;

  @Column(nullable = false)
  private boolean owner;

  @Column(name = "joined_at", nullable = false)
  private Instant joinedAt;

  @Column(name = "lost_at")
  private Instant lostAt;

  @Column(name = "left_at")
  private Instant leftAt;

  @Column(name = "resume_token_hash")
  private String resumeTokenHash;

  protected ParticipantSession() {}

  public ParticipantSession(
      String peerId,
      Room room,
      String displayName,
      boolean owner,
      String resumeTokenHash,
      Instant now) {
    this.peerId = peerId;
    this.room = room;
    this.displayName = displayName;
    this.owner = owner;
    this.resumeTokenHash = resumeTokenHash;
    this.state = SessionState.CONNECTED;
    this.joinedAt = now;
  }

  public String peerId() {
    return peerId;
  }

  public Room room() {
    return room;
  }

  public String displayName() {
    return displayName;
  }

  public SessionState state() {
    return state;
  }

  public boolean owner() {
    return owner;
  }

  public Instant joinedAt() {
    return joinedAt;
  }

  public Instant lostAt() {
    return lostAt;
  }

  public Instant leftAt() {
    return leftAt;
  }

  public String resumeTokenHash() {
    return resumeTokenHash;
  }

  public void rename(String name) {
    this.displayName = name;
  }

  /** Back online with a fresh single-use resume token. */
  public void reconnect(String newResumeTokenHash) {
    if (state == SessionState.LEFT) {
      throw new IllegalStateException("a seat that was left cannot be resumed");
    }
    this.state = SessionState.CONNECTED;
    this.lostAt = null;
    this.resumeTokenHash = newResumeTokenHash;
  }

  public void lose(Instant now) {
    if (state == SessionState.CONNECTED) {
      this.state = SessionState.LOST;
      this.lostAt = now;
    }
  }

  /** Gone for good; the resume token stops working. */
  public void leave(Instant now) {
    this.state = SessionState.LEFT;
    this.leftAt = now;
    this.resumeTokenHash = null;
  }
}
