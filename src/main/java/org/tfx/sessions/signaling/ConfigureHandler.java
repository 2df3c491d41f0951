package org.tfx.sessions.signaling;

import org.tfx.sessions.room.Passwords;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.signaling.protocol.ClientMessage;

/** {@code configure}: an owner changes the capacity or the password. */
final class ConfigureHandler implements Handler<ClientMessage.Configure> {
  private final RoomCalls rooms;
  private final Passwords passwords;

  ConfigureHandler(RoomCalls rooms, Passwords passwords) {
    this.rooms = rooms;
    this.passwords = passwords;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Configure m) {
    RoomCommand.Actor actor = conn.actor();
    String password = m.password();
    RoomCommand.PasswordChange change = null;
    // Hashing is slow on purpose: only for an owner, before the room's lock. For anyone else the
    // room refuses the command before it would look at the password.
    boolean owner = rooms.live(conn).map(r -> r.isOwner(actor)).orElse(false);
    if (password != null && owner) {
      change = new RoomCommand.PasswordChange(password.isEmpty() ? null : passwords.hash(password));
    }
    rooms.run(conn, new RoomCommand.Configure(actor, m.capacity(), change));
  }
}
