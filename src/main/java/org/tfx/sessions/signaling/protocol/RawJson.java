package org.tfx.sessions.signaling.protocol;

/**
 * A JSON value the server passes on without looking inside (SDP, ICE, widget data): kept as the
 * exact text the sender wrote, already checked to be well-formed and not nested too deeply, so
 * relaying it costs no tree and no re-serialisation.
 */
public record RawJson(String text) {
  public static final RawJson NULL = new RawJson("null");

  public RawJson {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("raw JSON must not be empty");
    }
  }
}
