package org.tfx.sessions.room;

import java.util.Objects;

/**
 * The socket through which a seat or a knocker is reached: the node that holds it and its number
 * there. The room knows links only by id; the node that holds a link delivers its frames.
 */
public record LinkId(String node, long serial) {
  public LinkId {
    Objects.requireNonNull(node, "node");
  }

  @Override
  public String toString() {
    return node + "/" + serial;
  }
}
