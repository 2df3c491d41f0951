package org.tfx.sessions.sip.transport;

import java.util.Arrays;
import org.tfx.sessions.sip.message.BadMessage;
import org.tfx.sessions.sip.message.SipMessages;

/**
 * Cuts a TCP byte stream into SIP messages (RFC 3261 18.3): a header block up to the empty line,
 * whose Content-Length (read by JAIN-SIP's parser) says how long the body is. Also recognises the
 * RFC 5626 keep-alive: a double CRLF "ping" between messages, answered with a CRLF "pong".
 */
final class StreamFramer {
  /** What the bytes so far amount to. */
  sealed interface Piece permits Message, Ping {}

  record Message(byte[] bytes) implements Piece {}

  record Ping() implements Piece {}

  private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

  private final SipMessages messages;
  private final int maxBytes;
  private byte[] buffer = new byte[0];
  private int headerEnd = -1;
  private int bodyLength = -1;

  StreamFramer(SipMessages messages, int maxBytes) {
    this.messages = messages;
    this.maxBytes = maxBytes;
  }

  void add(byte[] data, int length) {
    byte[] grown = Arrays.copyOf(buffer, buffer.length + length);
    System.arraycopy(data, 0, grown, buffer.length, length);
    buffer = grown;
  }

  /**
   * The next complete piece, or null when more bytes are needed.
   *
   * @throws BadMessage when the stream cannot be framed any further (no Content-Length, garbage
   *     header block, too large): the connection must end
   */
  Piece next() throws BadMessage {
    if (headerEnd < 0) {
      if (startsWith(END_OF_HEADERS)) {
        consume(4);
        return new Ping();
      }
      while (buffer.length >= 2 && buffer[0] == '\r' && buffer[1] == '\n') {
        consume(2); // a pong or stray line end between messages
      }
      int end = indexOf(END_OF_HEADERS);
      if (end < 0) {
        if (buffer.length > maxBytes) {
          throw new BadMessage("header block longer than " + maxBytes + " bytes", null);
        }
        return null;
      }
      headerEnd = end + 4;
      bodyLength = messages.contentLength(Arrays.copyOf(buffer, headerEnd));
      if (bodyLength < 0) {
        throw new BadMessage("no Content-Length on a stream transport", null);
      }
      if (headerEnd + (long) bodyLength > maxBytes) {
        throw new BadMessage("message longer than " + maxBytes + " bytes", null);
      }
    }
    int total = headerEnd + bodyLength;
    if (buffer.length < total) {
      return null;
    }
    byte[] message = Arrays.copyOf(buffer, total);
    consume(total);
    headerEnd = -1;
    bodyLength = -1;
    return new Message(message);
  }

  private void consume(int n) {
    buffer = Arrays.copyOfRange(buffer, n, buffer.length);
  }

  private boolean startsWith(byte[] prefix) {
    if (buffer.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= buffer.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buffer[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** For tests: bytes waiting for the rest of their message. */
  int buffered() {
    return buffer.length;
  }
}
