package org.tfx.sessions.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Parses one JSON object from untrusted text. Everything a stranger can write ends in a value or in
 * one {@link Refused}: {@link Fault#MALFORMED} when the text is not one JSON object, {@link
 * Fault#INVALID} when it is JSON the server will not take (a duplicate member, nesting deeper than
 * {@link #MAX_DEPTH}, a number longer than {@link #MAX_NUMBER_CHARS} or out of {@code BigDecimal}'s
 * range, a string with an unpaired surrogate). An invalid object is still read to its end, so the
 * refusal can name its top-level {@code id}.
 *
 * <p>One member may be kept as raw text instead of a tree ({@code payload} of a signalling frame,
 * relayed without being looked into): it is checked for well-formed JSON and depth only.
 */
public final class StrictJson {
  public static final int MAX_DEPTH = 32;

  /** Nesting at which an invalid value is no longer walked to its end. */
  private static final int GIVE_UP_DEPTH = 4 * MAX_DEPTH;

  /** Longer than any number a client has reason to send (a 17-digit double with exponent). */
  public static final int MAX_NUMBER_CHARS = 64;

  /** Why a text was refused. */
  public enum Fault {
    /** Not one JSON object (syntax, truncation, trailing data, another kind of value). */
    MALFORMED,
    /** JSON, but outside what the server accepts. */
    INVALID
  }

  /** The text was refused; {@link #id} is its top-level string {@code id} when one was read. */
  public static final class Refused extends RuntimeException {
    private final Fault fault;
    private final String id;

    Refused(Fault fault, String message, String id) {
      super(message, null, false, false);
      this.fault = fault;
      this.id = id;
    }

    public Fault fault() {
      return fault;
    }

    public String id() {
      return id;
    }
  }

  /** The object's members, and the raw text of the member asked for (null when absent). */
  public record Parsed(JsonObject members, String raw) {}

  private final JsonProvider provider;
  private final JsonParserFactory parsers;

  public StrictJson(JsonProvider provider) {
    this.provider = provider;
    this.parsers = provider.createParserFactory(Map.of());
  }

  /** Parses {@code text}, keeping top-level member {@code rawMember} (may be null) as text. */
  public Parsed parseObject(String text, String rawMember) {
    Reader reader = new Reader(text, rawMember);
    try (JsonParser parser = parsers.createParser(new StringReader(text))) {
      reader.parser = parser;
      if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
        throw new Refused(Fault.MALFORMED, "not a JSON object", null);
      }
      JsonObject members = reader.object(1, true);
      if (parser.hasNext()) {
        throw new Refused(Fault.MALFORMED, "trailing data after the JSON object", reader.id);
      }
      if (reader.fault != null) {
        throw new Refused(Fault.INVALID, reader.fault, reader.id);
      }
      return new Parsed(members, reader.raw);
    } catch (JsonException | IllegalStateException | NoSuchElementException e) {
      // JsonParsingException (syntax), truncation and I/O on a String all land here.
      throw new Refused(Fault.MALFORMED, "malformed JSON: " + brief(e.getMessage()), reader.id);
    }
  }

  /** At most 80 characters of {@code s}, well-formed, for messages that echo client input. */
  public static String brief(String s) {
    if (s == null) {
      return "";
    }
    String cut = s.length() <= 80 ? s : s.substring(0, 80) + "…";
    return WellFormed.text(cut);
  }

  /** One parse: the parser, the first INVALID fault met, the raw member and the id seen. */
  private final class Reader {
    private final String text;
    private final String rawMember;
    JsonParser parser;
    String fault;
    String raw;
    String id;

    Reader(String text, String rawMember) {
      this.text = text;
      this.rawMember = rawMember;
    }

    private void invalid(String message) {
      if (fault == null) {
        fault = message;
      }
    }

    JsonObject object(int depth, boolean top) {
      JsonObjectBuilder builder = provider.createObjectBuilder();
      Set<String> keys = new HashSet<>();
      while (true) {
        Event event = parser.next();
        if (event == Event.END_OBJECT) {
          return builder.build();
        }
        String key = parser.getString();
        long afterKey = parser.getLocation().getStreamOffset();
        Event first = parser.next();
        if (!WellFormed.is(key)) {
          invalid("a member name is not well-formed Unicode");
          skip(first, depth);
        } else if (!keys.add(key)) {
          invalid("duplicate member '" + brief(key) + "'");
          skip(first, depth);
        } else if (top && key.equals(rawMember)) {
          int start = valueStart((int) afterKey);
          skip(first, depth);
          // A number that ends the text leaves Parsson's offset past the end; the missing '}'
          // makes the next token a MALFORMED refusal anyway.
          long end = Math.min(parser.getLocation().getStreamOffset(), text.length());
          raw = text.substring(start, (int) end);
          if (!WellFormed.is(raw)) {
            invalid("'" + key + "' is not well-formed Unicode");
          }
        } else {
          JsonValue value = value(first, depth);
          if (value != null) {
            builder.add(key, value);
            if (top && key.equals("id") && value.getValueType() == JsonValue.ValueType.STRING) {
              id = ((jakarta.json.JsonString) value).getString();
            }
          }
        }
      }
    }

    /** Where the value after a member name starts: past white space, the colon, white space. */
    private int valueStart(int afterKey) {
      // The parser has read the value's first token, so the colon and the value are in the text.
      int i = text.indexOf(':', afterKey) + 1;
      while (Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      return i;
    }

    /** A built value, or null when it was refused (the fault is recorded). */
    private JsonValue value(Event event, int depth) {
      return switch (event) {
        case START_OBJECT -> {
          if (depth >= MAX_DEPTH) {
            skip(event, depth);
            yield null;
          }
          yield object(depth + 1, false);
        }
        case START_ARRAY -> {
          if (depth >= MAX_DEPTH) {
            skip(event, depth);
            yield null;
          }
          yield array(depth + 1);
        }
        case VALUE_STRING -> {
          String s = parser.getString();
          if (!WellFormed.is(s)) {
            invalid("a string is not well-formed Unicode");
            yield null;
          }
          yield provider.createValue(s);
        }
        case VALUE_NUMBER -> number(parser.getString());
        case VALUE_TRUE -> JsonValue.TRUE;
        case VALUE_FALSE -> JsonValue.FALSE;
        case VALUE_NULL -> JsonValue.NULL;
        default -> throw new Refused(Fault.MALFORMED, "malformed JSON", id);
      };
    }

    private JsonValue number(String token) {
      if (token.length() > MAX_NUMBER_CHARS) {
        invalid("a number is longer than " + MAX_NUMBER_CHARS + " characters");
        return null;
      }
      try {
        return provider.createValue(new BigDecimal(token));
      } catch (NumberFormatException e) {
        // An exponent beyond ±2^31: JSON, but no number the server can hold.
        invalid("a number is out of range");
        return null;
      }
    }

    private JsonValue array(int depth) {
      var builder = provider.createArrayBuilder();
      while (true) {
        Event event = parser.next();
        if (event == Event.END_ARRAY) {
          return builder.build();
        }
        JsonValue value = value(event, depth);
        if (value != null) {
          builder.add(value);
        }
      }
    }

    /**
     * Walks past a value without building it, iteratively (no stack to exhaust), recording a depth
     * fault when it nests too deep.
     */
    private void skip(Event first, int depth) {
      if (first == Event.KEY_NAME || first == Event.END_OBJECT || first == Event.END_ARRAY) {
        throw new Refused(Fault.MALFORMED, "malformed JSON", id);
      }
      if (first != Event.START_OBJECT && first != Event.START_ARRAY) {
        return;
      }
      int level = 1;
      int deepest = 1;
      while (level > 0) {
        switch (parser.next()) {
          case START_OBJECT, START_ARRAY -> deepest = Math.max(deepest, ++level);
          case END_OBJECT, END_ARRAY -> level--;
          default -> {}
        }
        if (depth + level > GIVE_UP_DEPTH) {
          // Refused anyway; walking on would only find the parser's own limit (a bare
          // RuntimeException in Parsson) and an id that may not come.
          throw new Refused(Fault.INVALID, "JSON nests deeper than " + MAX_DEPTH + " levels", id);
        }
      }
      if (depth + deepest > MAX_DEPTH) {
        invalid("JSON nests deeper than " + MAX_DEPTH + " levels");
      }
    }
  }
}
