package org.tfx.sessions.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FieldsTest {
  @Test
  void namesAreNormalisedAndStrippedOfControlAndBidiCharacters() {
    assertEquals("Ada Lovelace", Fields.cleanName("  Ada \t\n Lovelace  "));
    assertEquals("ab", Fields.cleanName("a\u202Eb"));
    assertEquals("ab", Fields.cleanName("a\u0000\u0007b"));
    assertEquals("é", Fields.cleanName("e\u0301"));
    assertEquals("👩‍💻", Fields.cleanName("👩\u200D💻"));
    assertEquals("<b>x</b>", Fields.cleanName("<b>x</b>"));
    assertEquals("", Fields.cleanName("\u200E\u200F"));
  }
}
