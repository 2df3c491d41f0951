package org.tfx.sessions.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The protocol document and the codec must name the same messages and errors. */
class ProtocolDocTest {
  private static String doc() throws Exception {
    return Files.readString(Path.of("docs/developer/protocol.md"));
  }

  @Test
  void everyMessageTypeIsDocumented() throws Exception {
    String doc = doc();
    for (String t : MessageCodec.CLIENT_TYPES) {
      assertTrue(
          doc.contains("| `" + t + "` |"), "client type " + t + " has no row in protocol.md");
    }
    for (String t : MessageCodec.SERVER_TYPES) {
      assertTrue(
          doc.contains("| `" + t + "` |"), "server type " + t + " has no row in protocol.md");
    }
  }

  @Test
  void everyErrorCodeIsDocumented() throws Exception {
    String doc = doc();
    for (ErrorCode c : ErrorCode.values()) {
      assertTrue(
          doc.contains("| `" + c.wire() + "` |"),
          "error " + c.wire() + " has no row in protocol.md");
    }
  }

  @Test
  void everyCloseCodeAClientCanObserveIsDocumented() throws Exception {
    // What the server sends (signaling.CloseCodes), what the containers send for broken frames
    // (1002, 1007), and 1006 (no close frame): the network fuzzer accepts exactly these.
    String doc = doc();
    for (int code : new int[] {1000, 1002, 1006, 1007, 1008, 1009, 1011, 1012, 1013}) {
      assertTrue(doc.contains("| " + code + " |"), "close code " + code + " not in protocol.md");
    }
  }
}
