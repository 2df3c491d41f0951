package org.tfx.sessions.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.tfx.sessions.json.StrictJson;
import org.tfx.sessions.json.WellFormed;

/**
 * Coverage-guided fuzzing of the frame codec (Jazzer). Whatever text arrives, {@link
 * MessageCodec#decode} returns a message or throws a {@link ProtocolException} with one of the
 * three input codes — never another exception (that was {@code error internal}) — and whatever the
 * server then writes back (the error with its echoed ref and message, or the relayed payload) is
 * well-formed JSON in well-formed Unicode.
 *
 * <p>Without {@code JAZZER_FUZZ=1} the committed corpus ({@code
 * src/test/resources/.../FrameCodecFuzzTestInputs/decode/}) is replayed as a regression test; with
 * it, Jazzer fuzzes for {@code maxDuration} (CI: a bounded run, see .ci/run).
 */
class FrameCodecFuzzTest {
  private static final Set<ErrorCode> INPUT_CODES =
      EnumSet.of(ErrorCode.BAD_JSON, ErrorCode.UNKNOWN_TYPE, ErrorCode.INVALID_MESSAGE);

  private static final MessageCodec codec = new MessageCodec();
  private static final StrictJson STRICT = new StrictJson(JsonProvider.provider());

  @FuzzTest(maxDuration = "10s")
  @DictionaryFile(resourcePath = "frames.dict")
  void decode(byte[] data) {
    // A text frame is UTF-8 decoded by the container; the fuzzer's bytes get the same treatment.
    check(codec, new String(data, StandardCharsets.UTF_8));
  }

  /** The property, for one text: decoded or refused as input, and every answer encodable. */
  static void check(MessageCodec codec, String text) {
    ClientMessage message;
    try {
      message = codec.decode(text);
    } catch (ProtocolException e) {
      assertTrue(INPUT_CODES.contains(e.code()), () -> e.code() + " for " + text);
      assertTrue(e.ref() == null || e.ref().length() <= 64);
      String error = codec.encode(new ServerMessage.Error(e.code(), e.getMessage(), e.ref()));
      JsonObject parsed = wellFormedJson(error);
      assertEquals(e.code().wire(), parsed.getString("code"));
      return;
    }
    message.accept(new Echo(codec));
  }

  /** Encodes what the server would send back for a decoded message, and checks it. */
  private static final class Echo implements ClientMessage.Visitor<Void> {
    private final MessageCodec codec;

    Echo(MessageCodec codec) {
      this.codec = codec;
    }

    @Override
    public Void visit(ClientMessage.Hello m) {
      assertTrue(m.name().codePointCount(0, m.name().length()) <= 64);
      wellFormedJson(codec.encode(new ServerMessage.Knocking("p", m.name())));
      return null;
    }

    @Override
    public Void visit(ClientMessage.Signal m) {
      wellFormedJson(codec.encode(new ServerMessage.SignalFrom("p", m.payload())));
      return null;
    }

    @Override
    public Void visit(ClientMessage.Relay m) {
      wellFormedJson(codec.encode(new ServerMessage.RelayFrom("p", m.channel(), m.payload())));
      return null;
    }

    @Override
    public Void visit(ClientMessage.Update m) {
      if (m.name() != null) {
        wellFormedJson(codec.encode(new ServerMessage.Knocking("p", m.name())));
      }
      return null;
    }

    @Override
    public Void visit(ClientMessage.Lock m) {
      return null;
    }

    @Override
    public Void visit(ClientMessage.Knock m) {
      return null;
    }

    @Override
    public Void visit(ClientMessage.Admit m) {
      return null;
    }

    @Override
    public Void visit(ClientMessage.Deny m) {
      return null;
    }

    @Override
    public Void visit(ClientMessage.Kick m) {
      return null;
    }

    @Override
    public Void visit(ClientMessage.Configure m) {
      return null;
    }

    @Override
    public Void visit(ClientMessage.Leave m) {
      return null;
    }

    @Override
    public Void visit(ClientMessage.Ping m) {
      wellFormedJson(codec.encode(new ServerMessage.Pong(m.ts())));
      return null;
    }
  }

  /**
   * The frame is one JSON object in well-formed Unicode. Checked with the strict reader, keeping
   * {@code payload} raw: a relayed payload is the sender's JSON, numbers of any size included.
   */
  static JsonObject wellFormedJson(String frame) {
    assertTrue(WellFormed.is(frame), frame);
    try {
      return STRICT.parseObject(frame, "payload").members();
    } catch (StrictJson.Refused e) {
      fail("the server would send " + e.getMessage() + ": " + frame, e);
      return null;
    }
  }
}
