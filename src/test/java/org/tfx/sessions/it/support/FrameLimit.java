package org.tfx.sessions.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a socket whose frame is over tfx.ws.maxFrameBytes (64 KiB) is closed, as protocol.md's close
 * table says. Tomcat hands the app a frame in parts and the app closes with 1009. Tyrus (Payara)
 * buffers each frame whole, up to the WAR's {@code
 * org.glassfish.tyrus.servlet.incoming-buffer-size} (web.xml: the same 64 KiB plus a frame header),
 * and closes a larger one itself with 1011 "Buffer overflow." before the app sees any of it.
 */
public final class FrameLimit {
  private FrameLimit() {}

  public static void assertClosedAsTooBig(int code, String reason) {
    boolean tyrus = "payara".equals(System.getProperty("it.server"));
    assertTrue(
        code == 1009
            || (tyrus && code == 1011 && reason != null && reason.contains("Buffer overflow")),
        "closed as too big (1009"
            + (tyrus ? ", or Tyrus's 1011" : "")
            + "): "
            + code
            + " "
            + reason);
  }
}
