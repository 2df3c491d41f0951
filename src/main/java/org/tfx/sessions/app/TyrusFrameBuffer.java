package org.tfx.sessions.app;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;

/**
 * Tyrus (Payara) buffers each incoming WebSocket frame whole before an endpoint sees any of it, up
 * to the context parameter {@value #PARAMETER} (web.xml sets the app's 64 KiB limit plus a frame
 * header; Tyrus's own default of 4 MiB let a few hundred unfinished frames fill the heap). A
 * setting that allows larger frames than that buffer takes would be refused by Tyrus with 1011
 * before the app could accept them: say so at start. Tomcat hands frames over in parts and has no
 * such buffer.
 */
final class TyrusFrameBuffer {
  static final String PARAMETER = "org.glassfish.tyrus.servlet.incoming-buffer-size";

  /** Opcode, length and mask of the largest frame header. */
  static final int HEADER_BYTES = 14;

  private static final System.Logger LOG = System.getLogger(TyrusFrameBuffer.class.getName());

  private TyrusFrameBuffer() {}

  /** Logs a warning when the container is Tyrus and its frame buffer is smaller than allowed. */
  static void check(ServletContext context, ServerContainer container, int largestFrame) {
    boolean tyrus = container.getClass().getName().startsWith("org.glassfish.tyrus");
    String warning = tyrus ? warning(context.getInitParameter(PARAMETER), largestFrame) : null;
    if (warning != null) {
      LOG.log(Level.WARNING, warning);
    }
  }

  /**
   * @param configured the context parameter's value, null when it is not set (Tyrus: 4 MiB)
   * @return what an operator must change, or null when the buffer takes {@code largestFrame}
   */
  static String warning(String configured, int largestFrame) {
    if (configured == null) {
      return null;
    }
    int buffer;
    try {
      buffer = Integer.parseInt(configured.trim());
    } catch (NumberFormatException e) {
      return PARAMETER + " is not a number: " + configured;
    }
    int needed = largestFrame + HEADER_BYTES;
    if (buffer >= needed) {
      return null;
    }
    return "frames of up to "
        + largestFrame
        + " bytes are allowed (tfx.ws.maxFrameBytes, tfx.sip.maxMessageBytes), but Tyrus buffers"
        + " at most "
        + buffer
        + " bytes of one frame and closes larger ones with 1011: set "
        + PARAMETER
        + " in WEB-INF/web.xml to "
        + needed;
  }
}
