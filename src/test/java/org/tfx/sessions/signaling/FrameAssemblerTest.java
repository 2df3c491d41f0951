package org.tfx.sessions.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {
  @Test
  void wholeFramesPassThrough() {
    FrameAssembler a = new FrameAssembler(100);
    assertEquals(new FrameAssembler.Frame("{}"), a.accept("{}", true));
  }

  @Test
  void partsAreJoined() {
    FrameAssembler a = new FrameAssembler(100);
    assertInstanceOf(FrameAssembler.More.class, a.accept("{\"a\":", false));
    assertEquals(new FrameAssembler.Frame("{\"a\":1}"), a.accept("1}", true));
    assertEquals(new FrameAssembler.Frame("x"), a.accept("x", true), "state reset after a frame");
  }

  @Test
  void limitIsInUtf8BytesExactly() {
    String euro = "€".repeat(21); // 63 bytes, 21 chars
    assertEquals(63, euro.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(new FrameAssembler.Frame(euro), new FrameAssembler(63).accept(euro, true));
    assertInstanceOf(FrameAssembler.TooBig.class, new FrameAssembler(62).accept(euro, true));
    String ascii = "a".repeat(64);
    assertEquals(new FrameAssembler.Frame(ascii), new FrameAssembler(64).accept(ascii, true));
    String emoji = "😀".repeat(16); // 64 bytes, 32 chars
    assertEquals(new FrameAssembler.Frame(emoji), new FrameAssembler(64).accept(emoji, true));
    assertInstanceOf(FrameAssembler.TooBig.class, new FrameAssembler(63).accept(emoji, true));
  }

  @Test
  void anOversizedFrameIsDroppedUntilItsLastPart() {
    FrameAssembler a = new FrameAssembler(10);
    assertInstanceOf(FrameAssembler.More.class, a.accept("12345", false));
    assertInstanceOf(FrameAssembler.TooBig.class, a.accept("678901", false));
    assertInstanceOf(FrameAssembler.More.class, a.accept("more", false));
    assertInstanceOf(FrameAssembler.TooBig.class, a.accept("end", true));
    assertEquals(new FrameAssembler.Frame("ok"), a.accept("ok", true));
  }

  @Test
  void utf8LengthCountsSurrogatePairsAsFour() {
    String s = "aé€😀";
    assertEquals(s.getBytes(StandardCharsets.UTF_8).length, FrameAssembler.utf8Length(s));
  }
}
