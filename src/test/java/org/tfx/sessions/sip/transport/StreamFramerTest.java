package org.tfx.sessions.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.sip.message.BadMessage;
import org.tfx.sessions.sip.message.SipMessages;

class StreamFramerTest {
  private static final String BODY = "hello";
  private static final String MESSAGE =
      "MESSAGE sip:bob@example.com SIP/2.0\r\n"
          + "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
          + "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n"
          + "Call-ID: c1\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n"
          + "Content-Length: 5\r\n\r\n"
          + BODY;

  private final SipMessages messages = new SipMessages();

  private static void feed(StreamFramer f, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    f.add(b, b.length);
  }

  @Test
  void cutsMessagesThatArriveInPiecesAndBackToBack() throws BadMessage {
    StreamFramer f = new StreamFramer(messages, 65_535);
    String two = MESSAGE + MESSAGE;
    feed(f, two.substring(0, 40));
    assertNull(f.next(), "half a header block");
    feed(f, two.substring(40, MESSAGE.length() - 2));
    assertNull(f.next(), "headers complete, body not yet");
    feed(f, two.substring(MESSAGE.length() - 2));
    StreamFramer.Message first = assertInstanceOf(StreamFramer.Message.class, f.next());
    assertEquals(MESSAGE, new String(first.bytes(), StandardCharsets.UTF_8));
    assertInstanceOf(StreamFramer.Message.class, f.next());
    assertNull(f.next());
    assertEquals(0, f.buffered());
  }

  @Test
  void aDoubleCrlfBetweenMessagesIsAPing() throws BadMessage {
    StreamFramer f = new StreamFramer(messages, 65_535);
    feed(f, "\r\n\r\n" + MESSAGE);
    assertInstanceOf(StreamFramer.Ping.class, f.next());
    assertInstanceOf(StreamFramer.Message.class, f.next());
  }

  @Test
  void aStreamWithoutContentLengthOrTooLongCannotBeFramed() {
    StreamFramer none = new StreamFramer(messages, 65_535);
    feed(none, MESSAGE.replace("Content-Length: 5\r\n", ""));
    assertThrows(BadMessage.class, none::next);

    StreamFramer big = new StreamFramer(messages, 1_024);
    feed(big, MESSAGE.replace("Content-Length: 5", "Content-Length: 5000"));
    assertThrows(BadMessage.class, big::next);

    StreamFramer endless = new StreamFramer(messages, 1_024);
    feed(endless, "INVITE sip:x@y SIP/2.0\r\nX: " + "a".repeat(2_000));
    assertThrows(BadMessage.class, endless::next);
  }
}
