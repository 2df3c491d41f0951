package org.tfx.sessions.signaling;

import java.util.ArrayList;
import java.util.List;
import org.tfx.sessions.room.Knocker;
import org.tfx.sessions.room.LeaveReason;
import org.tfx.sessions.room.LiveRoom;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomEvent;
import org.tfx.sessions.room.RoomEvents;
import org.tfx.sessions.room.SeatState;
import org.tfx.sessions.signaling.protocol.ErrorCode;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.signaling.protocol.PeerView;
import org.tfx.sessions.signaling.protocol.ProtocolException;
import org.tfx.sessions.signaling.protocol.ServerMessage;
import org.tfx.sessions.turn.IceServerProvider;

/**
 * Turns a room's events into frames for the sockets this node holds: the welcome for a seat taken
 * or resumed here, {@code peer-*}, {@code room-updated} and {@code knocking} for the others, the
 * closing error for a knocker turned away or a participant kicked. Runs under the room's lock,
 * after the events were applied, so every socket sees the room's order.
 */
final class EventFrames implements RoomEvents.Listener {
  private final Links links;
  private final MessageCodec codec;
  private final IceServerProvider iceServers;

  EventFrames(Links links, MessageCodec codec, IceServerProvider iceServers) {
    this.links = links;
    this.codec = codec;
    this.iceServers = iceServers;
  }

  @Override
  public void onEvents(LiveRoom room, List<RoomEvent> events, boolean decidedHere) {
    Projection projection = new Projection(room);
    events.forEach(e -> e.accept(projection));
  }

  private final class Projection implements RoomEvent.Visitor<Void> {
    private final LiveRoom room;

    Projection(LiveRoom room) {
      this.room = room;
    }

    @Override
    public Void visit(RoomEvent.SeatTaken e) {
      SeatState seat = e.seat();
      Connection joiner = links.local(seat.link());
      if (joiner != null) {
        welcome(joiner, seat, false);
      }
      for (SeatState other : room.connectedExcept(seat.peer())) {
        sendTo(other, new ServerMessage.PeerJoined(PeerViews.of(seat, other.peer())));
      }
      announce(seat.peer());
      if (joiner != null && seat.owner()) {
        for (Knocker k : room.knockers()) {
          joiner.send(new ServerMessage.Knocking(k.peer().value(), k.name()));
        }
      }
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatResumed e) {
      Connection previous = e.previous() == null ? null : links.local(e.previous());
      if (previous != null && !e.previous().equals(e.link())) {
        previous.detach();
        previous.close(CloseCodes.POLICY, "replaced by a newer connection");
      }
      Connection resumed = links.local(e.link());
      SeatState seat = room.seat(e.peer()).orElseThrow();
      if (resumed != null) {
        welcome(resumed, seat, true);
      }
      if (e.previous() == null) {
        peerUpdated(seat);
      }
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatLost e) {
      // Normally the lost socket is gone already. A socket still open here whose seat another
      // node declared lost (this node was cut off from the others long enough to be taken for
      // dead) must resume: closed with 1012, the client reconnects and takes its seat back.
      Connection cutOff = links.local(e.link());
      if (cutOff != null) {
        cutOff.detach();
        cutOff.close(CloseCodes.SERVICE_RESTART, "seat lost; resume it");
      }
      room.seat(e.peer()).ifPresent(this::peerUpdated);
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatUpdated e) {
      room.seat(e.peer()).ifPresent(this::peerUpdated);
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatVacated e) {
      String left = codec.encode(new ServerMessage.PeerLeft(e.peer().value(), e.reason()));
      for (SeatState other : room.connectedExcept(e.peer())) {
        sendTo(other, left);
      }
      announce(null);
      Connection gone = links.local(e.link());
      if (gone != null && e.reason() == LeaveReason.KICKED) {
        gone.detach();
        gone.sendError(
            new ProtocolException(ErrorCode.KICKED, "an owner removed you from the room"));
      }
      return null;
    }

    @Override
    public Void visit(RoomEvent.RoomChanged e) {
      announce(null);
      return null;
    }

    @Override
    public Void visit(RoomEvent.KnockerQueued e) {
      Knocker k = e.knocker();
      Connection knocker = links.local(k.link());
      if (knocker != null) {
        knocker.knocking();
      }
      String frame = codec.encode(new ServerMessage.Knocking(k.peer().value(), k.name()));
      for (SeatState s : room.connectedExcept(null)) {
        if (s.owner()) {
          sendTo(s, frame);
        }
      }
      return null;
    }

    @Override
    public Void visit(RoomEvent.KnockerLeft e) {
      Connection knocker = links.local(e.knocker().link());
      if (knocker == null) {
        return null;
      }
      switch (e.end()) {
        case DENIED ->
            knocker.sendError(
                new ProtocolException(ErrorCode.KNOCK_DENIED, "the owner did not let you in"));
        case ROOM_FULL ->
            knocker.sendError(
                new ProtocolException(
                    ErrorCode.ROOM_FULL, "the room is full (" + room.facts().capacity() + ")"));
        case ADMITTED, GONE -> {
          // admitted: the seat's welcome follows; gone: nobody to tell
        }
      }
      return null;
    }

    private void welcome(Connection conn, SeatState seat, boolean resumed) {
      String token = conn.welcomed(seat.peer());
      List<PeerView> peers = new ArrayList<>();
      for (SeatState other : room.seats()) {
        if (!other.peer().equals(seat.peer())) {
          peers.add(PeerViews.of(other, seat.peer()));
        }
      }
      conn.send(
          new ServerMessage.Welcome(
              seat.peer().value(),
              token,
              resumed,
              seat.owner(),
              PeerViews.of(room.facts()),
              peers,
              iceServers.forSubject(seat.peer().value())));
    }

    private void peerUpdated(SeatState seat) {
      for (SeatState other : room.connectedExcept(seat.peer())) {
        sendTo(other, new ServerMessage.PeerUpdated(PeerViews.of(seat, other.peer())));
      }
    }

    /** Tells everyone here (but {@code except}) the room's current facts. */
    private void announce(PeerId except) {
      String frame = codec.encode(new ServerMessage.RoomUpdated(PeerViews.of(room.facts())));
      for (SeatState other : room.connectedExcept(except)) {
        sendTo(other, frame);
      }
    }

    private void sendTo(SeatState seat, ServerMessage message) {
      Connection conn = links.local(seat.link());
      if (conn != null) {
        conn.send(message);
      }
    }

    private void sendTo(SeatState seat, String frame) {
      Connection conn = links.local(seat.link());
      if (conn != null) {
        conn.send(frame);
      }
    }
  }
}
