package org.tfx.sessions.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.it.support.HostileJson;

/**
 * The network fuzzer's generator ({@link HostileJson}) run straight into the codec: 200,000 mutated
 * frames in a few seconds, every one decoded or refused with an input error, and every answer
 * encodable. A failure names the frame; the seed is fixed, so it replays.
 */
class GeneratedFramesTest {
  private static final MessageCodec codec = new MessageCodec();

  @Test
  void everyGeneratedFrameIsDecodedOrRefusedAsInput() {
    List<String> templates =
        List.of(
            "{\"type\":\"ping\",\"ts\":12.5}",
            "{\"type\":\"signal\",\"id\":\"s1\",\"to\":\"p1\",\"payload\":{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}}",
            "{\"type\":\"relay\",\"id\":\"r1\",\"channel\":\"chat\",\"payload\":{\"m\":\"hi\",\"n\":[1,2.5,-3e2]}}",
            "{\"type\":\"relay\",\"to\":\"p2\",\"channel\":\"x:y\",\"payload\":null}",
            "{\"type\":\"update\",\"id\":\"u1\",\"name\":\"Ada\",\"muted\":true,\"video\":false}",
            "{\"type\":\"configure\",\"capacity\":4,\"password\":\"pw\"}",
            "{\"type\":\"hello\",\"version\":1,\"roomId\":\"r\",\"secret\":\"s\",\"name\":\"N\"}");
    HostileJson gen = new HostileJson(19);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 200_000 && failures.size() < 5; i++) {
      String frame = gen.mutate(gen.pick(templates));
      try {
        FrameCodecFuzzTest.check(codec, frame);
      } catch (Throwable e) {
        failures.add(i + ": " + e + " for " + frame);
      }
    }
    assertEquals(List.of(), failures);
  }
}
