package org.tfx.sessions.signaling;

import java.util.Optional;
import org.tfx.sessions.room.LiveRoom;
import org.tfx.sessions.room.LiveRooms;
import org.tfx.sessions.room.Outcome;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.room.RoomId;

/** How handlers reach rooms: a command's refusal becomes the sender's error. */
final class RoomCalls {
  private final LiveRooms rooms;

  RoomCalls(LiveRooms rooms) {
    this.rooms = rooms;
  }

  /** Runs {@code command} on the room of {@code connection}. */
  Outcome run(Connection connection, RoomCommand command) {
    return run(connection.room(), command);
  }

  Outcome run(RoomId room, RoomCommand command) {
    Outcome outcome = rooms.execute(room, command);
    if (outcome instanceof Outcome.Refused refused) {
      throw Refusals.error(refused);
    }
    return outcome;
  }

  /** The live room of a joined socket. */
  Optional<LiveRoom> live(Connection connection) {
    RoomId room = connection.room();
    return room == null ? Optional.empty() : rooms.peek(room);
  }
}
