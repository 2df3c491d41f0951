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

  JsonObject parseObject(String text) {
    try (JsonParser parser = parsers.createParser(new StringReader(text))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw new ProtocolException(ErrorCode.BAD_JSON, "a frame must be one JSON object");
      }
      JsonObject object = readObject(parser, 1);
      if (parser.hasNext()) {
        throw new ProtocolException(ErrorCode.BAD_JSON, "trailing data after the JSON object");
      }
      return object;
    } catch (JsonParsingException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "malformed JSON: " + brief(e.getMessage()));
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "malformed JSON");
    }
  }

  private JsonObject readObject(JsonParser parser, int depth) {
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
      builder.add(key, readValue(parser, parser.next(), depth));
    }
  }

  private JsonValue readValue(JsonParser parser, JsonParser.Event event, int depth) {
    return switch (event) {
      case START_OBJECT -> readObject(parser, deeper(depth));
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
