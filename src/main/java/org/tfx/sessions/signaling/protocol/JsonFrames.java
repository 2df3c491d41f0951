package org.tfx.sessions.signaling.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Parses one text frame into a JSON object, refusing what the generic parser would accept but we
 * must not: nesting deeper than {@link #MAX_DEPTH}, duplicate keys, and anything but an object at
 * the top.
 */
final class JsonFrames {
  static final int MAX_DEPTH = 32;

  private final JsonProvider provider;
  private final JsonParserFactory parsers;

  JsonFrames(JsonProvider provider) {
    this.provider = provider;
    this.parsers = provider.createParserFactory(Map.of());
  }

  /** A frame's members, and its {@code payload} member kept as raw text (null when absent). */
  record Parsed(JsonObject members, RawJson payload) {}

  Parsed parseObject(String text) {
    try (JsonParser parser = parsers.createParser(new StringReader(text))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw new ProtocolException(ErrorCode.BAD_JSON, "a frame must be one JSON object");
      }
      RawJson[] payload = {null};
      JsonObject object = readObject(parser, 1, text, payload);
      if (parser.hasNext()) {
        throw new ProtocolException(ErrorCode.BAD_JSON, "trailing data after the JSON object");
      }
      return new Parsed(object, payload[0]);
    } catch (JsonParsingException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "malformed JSON: " + brief(e.getMessage()));
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "malformed JSON");
    }
  }

  /** Where the value after a member name starts: past white space, the colon, white space. */
  private static int valueStart(String text, int afterKey) {
    int i = afterKey;
    while (text.charAt(i) != ':') {
      i++;
    }
    i++;
    while (Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Walks a value without building it, enforcing the depth limit. */
  private void skipValue(JsonParser parser, JsonParser.Event event, int depth) {
    switch (event) {
      case START_OBJECT, START_ARRAY -> {
        int d = deeper(depth);
        while (true) {
          JsonParser.Event e = parser.next();
          if (e == JsonParser.Event.END_OBJECT || e == JsonParser.Event.END_ARRAY) {
            return;
          }
          if (e == JsonParser.Event.KEY_NAME) {
            e = parser.next();
          }
          skipValue(parser, e, d);
        }
      }
      case VALUE_STRING, VALUE_NUMBER, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {}
      default -> throw new ProtocolException(ErrorCode.BAD_JSON, "malformed JSON");
    }
  }

  /**
   * Builds an object. At the top ({@code text} given), the {@code payload} member is validated and
   * cut out of the text into {@code payload[0]} instead of being built into a tree.
   */
  private JsonObject readObject(JsonParser parser, int depth, String text, RawJson[] payload) {
    JsonObjectBuilder builder = provider.createObjectBuilder();
    Set<String> keys = new HashSet<>();
    while (true) {
      JsonParser.Event event = parser.next();
      if (event == JsonParser.Event.END_OBJECT) {
        return builder.build();
      }
      String key = parser.getString();
      if (!keys.add(key)) {
        throw new ProtocolException(
            ErrorCode.INVALID_MESSAGE, "duplicate member '" + brief(key) + "'");
      }
      if (text != null && key.equals("payload")) {
        int start = valueStart(text, (int) parser.getLocation().getStreamOffset());
        skipValue(parser, parser.next(), depth);
        payload[0] =
            new RawJson(text.substring(start, (int) parser.getLocation().getStreamOffset()));
      } else {
        builder.add(key, readValue(parser, parser.next(), depth));
      }
    }
  }

  private JsonValue readValue(JsonParser parser, JsonParser.Event event, int depth) {
    return switch (event) {
      case START_OBJECT -> readObject(parser, deeper(depth), null, null);
      case START_ARRAY -> readArray(parser, deeper(depth));
      case VALUE_STRING -> provider.createValue(parser.getString());
      case VALUE_NUMBER -> provider.createValue(parser.getBigDecimal());
      case VALUE_TRUE -> JsonValue.TRUE;
      case VALUE_FALSE -> JsonValue.FALSE;
      case VALUE_NULL -> JsonValue.NULL;
      default -> throw new ProtocolException(ErrorCode.BAD_JSON, "malformed JSON");
    };
  }

  private JsonValue readArray(JsonParser parser, int depth) {
    JsonArrayBuilder builder = provider.createArrayBuilder();
    while (true) {
      JsonParser.Event event = parser.next();
      if (event == JsonParser.Event.END_ARRAY) {
        return builder.build();
      }
      builder.add(readValue(parser, event, depth));
    }
  }

  private static int deeper(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new ProtocolException(
          ErrorCode.INVALID_MESSAGE, "JSON nests deeper than " + MAX_DEPTH + " levels");
    }
    return depth + 1;
  }

  static String brief(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
