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
import org.tfx.sessions.room.LinkId;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.SeatState;

/**
 * One participant's seat in a room, kept so that a dropped peer can resume, even after a restart or
 * on another node: with the socket it is attached to (node and number) while connected.
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

  @Column(nullable = false)
  private boolean muted;

  @Column(nullable = false)
  private boolean video;

  @Column(name = "joined_at", nullable = false)
  private Instant joinedAt;

  @Column(name = "lost_at")
  private Instant lostAt;

  @Column(name = "left_at")
  private Instant leftAt;

  @Column(name = "resume_token_hash")
  private String resumeTokenHash;

  @Column(name = "link_node")
  private String linkNode;

  @Column(name = "link_serial")
  private Long linkSerial;

  protected ParticipantSession() {}

  /** A seat just taken, attached to {@code seat.link()}. */
  public ParticipantSession(SeatState seat, Room room, Instant now) {
    this.peerId = seat.peer().value();
    this.room = room;
    this.displayName = seat.name();
    this.owner = seat.owner();
    this.muted = seat.muted();
    this.video = seat.video();
    this.resumeTokenHash = seat.tokenHash();
    this.state = SessionState.CONNECTED;
    this.joinedAt = now;
    attach(seat.link());
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

  /** The socket the seat is attached to, or null. */
  public LinkId link() {
    return linkNode == null || linkSerial == null ? null : new LinkId(linkNode, linkSerial);
  }

  /** The seat as a live room holds it. */
  public SeatState seat() {
    return new SeatState(
        new PeerId(peerId),
        displayName,
        owner,
        muted,
        video,
        state == SessionState.CONNECTED ? link() : null,
        resumeTokenHash,
        state == SessionState.LOST ? lostAt : null);
  }

  /** Each of name, muted and video is null when unchanged. */
  public void update(String name, Boolean muted, Boolean video) {
    if (name != null) {
      this.displayName = name;
    }
    if (muted != null) {
      this.muted = muted;
    }
    if (video != null) {
      this.video = video;
    }
  }

  /** Back online on {@code link} with a fresh single-use resume token. */
  public void reconnect(String newResumeTokenHash, LinkId link) {
    if (state == SessionState.LEFT) {
      throw new IllegalStateException("a seat that was left cannot be resumed");
    }
    this.state = SessionState.CONNECTED;
    this.lostAt = null;
    this.resumeTokenHash = newResumeTokenHash;
    attach(link);
  }

  public void lose(Instant now) {
    if (state == SessionState.CONNECTED) {
      this.state = SessionState.LOST;
      this.lostAt = now;
    }
    attach(null);
  }

  /** Gone for good; the resume token stops working. */
  public void leave(Instant now) {
    this.state = SessionState.LEFT;
    this.leftAt = now;
    this.resumeTokenHash = null;
    attach(null);
  }

  private void attach(LinkId link) {
    this.linkNode = link == null ? null : link.node();
    this.linkSerial = link == null ? null : link.serial();
  }
}
