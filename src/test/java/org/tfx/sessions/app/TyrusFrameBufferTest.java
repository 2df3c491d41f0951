package org.tfx.sessions.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.config.SettingKey;

class TyrusFrameBufferTest {
  @Test
  void aBufferThatTakesTheLargestFrameAndItsHeaderIsFine() {
    assertNull(TyrusFrameBuffer.warning("65550", 65536));
    assertNull(TyrusFrameBuffer.warning(" 70000 ", 65536));
  }

  @Test
  void noParameterMeansTyrusDefaultOfFourMebibytes() {
    assertNull(TyrusFrameBuffer.warning(null, 65536));
  }

  @Test
  void aSmallerBufferSaysWhatToSet() {
    String w = TyrusFrameBuffer.warning("65549", 65536);
    assertTrue(w.contains("set " + TyrusFrameBuffer.PARAMETER), w);
    assertTrue(w.endsWith(" to 65550"), w);
    assertTrue(TyrusFrameBuffer.warning("65550", 1 << 20).endsWith(" to 1048590"));
  }

  @Test
  void aValueThatIsNoNumberIsReported() {
    assertTrue(TyrusFrameBuffer.warning("64k", 65536).contains("not a number"));
  }

  /** The WAR's web.xml takes the default limits (tfx.ws.maxFrameBytes, tfx.sip.maxMessageBytes). */
  @Test
  void theWarsWebXmlTakesTheDefaultLimits() throws IOException {
    String xml =
        Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"), StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile(
                "<param-name>"
                    + Pattern.quote(TyrusFrameBuffer.PARAMETER)
                    + "</param-name>\\s*<param-value>(\\d+)</param-value>")
            .matcher(xml);
    assertTrue(m.find(), "web.xml sets " + TyrusFrameBuffer.PARAMETER);
    int largest =
        Math.max(
            Integer.parseInt(SettingKey.MAX_FRAME_BYTES.defaultValue()),
            Integer.parseInt(SettingKey.SIP_MAX_MESSAGE_BYTES.defaultValue()));
    assertEquals(largest + TyrusFrameBuffer.HEADER_BYTES, Integer.parseInt(m.group(1)));
  }
}
