package org.tfx.sessions.signaling.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Typed access to the members of a decoded frame; every violation is an {@code invalid-message}.
 */
final class Fields {
  static final int MAX_NAME = 64;
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final JsonObject object;
  private final String type;

  Fields(JsonObject object, String type) {
    this.object = object;
    this.type = type;
  }

  String requiredString(String member, int maxLength) {
    String value = optionalString(member, maxLength);
    if (value == null || value.isEmpty()) {
      throw invalid("'" + member + "' is required");
    }
    return value;
  }

  String optionalString(String member, int maxLength) {
    JsonValue value = object.get(member);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw invalid("'" + member + "' must be a string");
    }
    String s = ((JsonString) value).getString();
    if (s.length() > maxLength) {
      throw invalid("'" + member + "' is longer than " + maxLength + " characters");
    }
    return s;
  }

  String requiredChannel(String member) {
    String s = requiredString(member, 64);
    if (!CHANNEL.matcher(s).matches()) {
      throw invalid("'" + member + "' may hold only letters, digits and . _ : -");
    }
    return s;
  }

  /** A display name: NFC, control and format characters removed, spaces folded, 1–64 characters. */
  String name(String member, boolean required) {
    String raw = required ? requiredString(member, 1024) : optionalString(member, 1024);
    if (raw == null) {
      return null;
    }
    String cleaned = cleanName(raw);
    if (cleaned.isEmpty()) {
      throw invalid("'" + member + "' is empty");
    }
    if (cleaned.codePointCount(0, cleaned.length()) > MAX_NAME) {
      throw invalid("'" + member + "' is longer than " + MAX_NAME + " characters");
    }
    return cleaned;
  }

  static String cleanName(String raw) {
    String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(nfc.length());
    nfc.codePoints()
        .forEach(
            cp -> {
              int t = Character.getType(cp);
              if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' ');
              } else if (t != Character.CONTROL
                  && (t != Character.FORMAT || isEmojiJoiner(cp))
                  && t != Character.SURROGATE
                  && t != Character.UNASSIGNED
                  && t != Character.PRIVATE_USE) {
                out.appendCodePoint(cp);
              }
            });
    return out.toString().replaceAll(" {2,}", " ").trim();
  }

  /**
   * Format characters that emoji need (zero-width joiner and non-joiner, tag characters of
   * subdivision flags); every other one, bidi overrides included, is dropped from names.
   */
  private static boolean isEmojiJoiner(int cp) {
    return cp == 0x200D || cp == 0x200C || (cp >= 0xE0020 && cp <= 0xE007F);
  }

  Boolean optionalBoolean(String member) {
    JsonValue value = object.get(member);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value == JsonValue.TRUE) {
      return Boolean.TRUE;
    }
    if (value == JsonValue.FALSE) {
      return Boolean.FALSE;
    }
    throw invalid("'" + member + "' must be true or false");
  }

  boolean requiredBoolean(String member) {
    Boolean b = optionalBoolean(member);
    if (b == null) {
      throw invalid("'" + member + "' is required");
    }
    return b;
  }

  Integer optionalInt(String member) {
    JsonValue value = object.get(member);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER) {
      throw invalid("'" + member + "' must be a number");
    }
    BigDecimal d = ((JsonNumber) value).bigDecimalValue();
    // Checked before any exact conversion so that 1e999999999 costs nothing.
    if (d.precision() - d.scale() > 10) {
      throw invalid("'" + member + "' is out of range");
    }
    try {
      return d.intValueExact();
    } catch (ArithmeticException e) {
      throw invalid("'" + member + "' must be a whole number in range");
    }
  }

  int requiredInt(String member) {
    Integer i = optionalInt(member);
    if (i == null) {
      throw invalid("'" + member + "' is required");
    }
    return i;
  }

  JsonNumber optionalNumber(String member) {
    JsonValue value = object.get(member);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER) {
      throw invalid("'" + member + "' must be a number");
    }
    return (JsonNumber) value;
  }

  /** The raw {@code payload}, required. */
  RawJson requiredPayload(RawJson payload) {
    if (payload == null) {
      throw invalid("'payload' is required");
    }
    return payload;
  }

  ProtocolException invalid(String message) {
    return new ProtocolException(ErrorCode.INVALID_MESSAGE, type + ": " + message);
  }
}
