package org.tfx.sessions.room.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.tfx.sessions.room.Knocker;
import org.tfx.sessions.room.LinkId;
import org.tfx.sessions.room.PeerId;

/** Someone knocking at a locked room, from a socket of some node. */
@Entity
@Table(name = "knock")
public class Knock {
  @Id
  @Column(name = "peer_id")
  private String peerId;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "room_id", nullable = false)
  private Room room;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  @Column(name = "link_node", nullable = false)
  private String linkNode;

  @Column(name = "link_serial", nullable = false)
  private long linkSerial;

  @Column(name = "token_hash", nullable = false)
  private String tokenHash;

  @Column(name = "knocked_at", nullable = false)
  private Instant knockedAt;

  protected Knock() {}

  public Knock(Knocker knocker, Room room, Instant now) {
    this.peerId = knocker.peer().value();
    this.room = room;
    this.displayName = knocker.name();
    this.linkNode = knocker.link().node();
    this.linkSerial = knocker.link().serial();
    this.tokenHash = knocker.tokenHash();
    this.knockedAt = now;
  }

  public Knocker knocker() {
    return new Knocker(
        new PeerId(peerId), displayName, new LinkId(linkNode, linkSerial), tokenHash);
  }
}
