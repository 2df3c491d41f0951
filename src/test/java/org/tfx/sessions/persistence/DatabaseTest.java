package org.tfx.sessions.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseTest {

  @Test
  void h2FilesWriteEachCommitThroughUnlessTheUrlSaysOtherwise() {
    assertEquals("jdbc:h2:file:./x;WRITE_DELAY=0", Database.durableUrl("jdbc:h2:file:./x"));
    assertEquals(
        "jdbc:h2:file:./x;write_delay=50", Database.durableUrl("jdbc:h2:file:./x;write_delay=50"));
    assertEquals("jdbc:postgresql://h/db", Database.durableUrl("jdbc:postgresql://h/db"));
  }

  @Test
  void onlyEmbeddedH2FilesAreShutDownOnClose() {
    assertTrue(Database.isEmbeddedH2("jdbc:h2:file:./data/tfx"));
    assertTrue(Database.isEmbeddedH2("jdbc:h2:./data/tfx;DB_CLOSE_ON_EXIT=FALSE"));
    assertFalse(Database.isEmbeddedH2("jdbc:h2:tcp://db/tfx"));
    assertFalse(Database.isEmbeddedH2("jdbc:h2:mem:tfx"));
    assertFalse(Database.isEmbeddedH2("jdbc:postgresql://127.0.0.1/tfx"));
  }
}
