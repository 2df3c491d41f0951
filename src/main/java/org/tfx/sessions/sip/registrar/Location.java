package org.tfx.sessions.sip.registrar;

import java.util.List;
import java.util.Optional;

/**
 * The location service: where the registered devices of each user are. This is the seam for many
 * nodes: today {@link LocalLocation} keeps bindings in this node's memory (a device bound to a
 * connection can only be reached through the node that holds the connection anyway); a clustered
 * one keeps them in the shared record and names the node holding each flow, so requests for it go
 * over the bus (see docs/developer/sip.md).
 */
public interface Location {
  /** The user's unexpired bindings, newest first. */
  List<Binding> of(String user);

  /** Adds or replaces (same {@link Binding#key()}) a binding. */
  void put(Binding binding);

  void remove(String user, String key);

  void removeAll(String user);

  /** Removes and returns the bindings reached over a flow that has closed. */
  List<Binding> dropFlow(String flowId);

  /** A binding whose {@link Binding#contactKey} is {@code contactKey}. */
  Optional<Binding> byContact(String contactKey);

  /** Every unexpired binding, for the console. */
  List<Binding> all();
}
