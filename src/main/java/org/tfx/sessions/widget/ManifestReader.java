package org.tfx.sessions.widget;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code widget.json} strictly: at most 64 KiB, one JSON object, every known member of its
 * type (a number where a string belongs is an error, not a string). Unknown members are ignored, so
 * newer manifests still load.
 */
public final class ManifestReader {
  /** Larger manifests are refused. */
  public static final int MAX_BYTES = 64 * 1024;

  private ManifestReader() {}

  /** Reads and validates; {@code folder} as in {@link WidgetManifest#validated(String)}. */
  public static WidgetManifest read(InputStream in, String folder) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("widget.json is larger than " + MAX_BYTES + " bytes");
    }
    return parse(bytes).validated(folder);
  }

  /** The manifest in {@code bytes}, not yet validated. */
  public static WidgetManifest parse(byte[] bytes) {
    JsonObject o;
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
      JsonValue v = reader.readValue();
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new IllegalArgumentException("widget.json must hold a JSON object");
      }
      o = v.asJsonObject();
    } catch (JsonException e) {
      throw new IllegalArgumentException("widget.json is not valid JSON: " + e.getMessage());
    }
    return new WidgetManifest(
        string(o, "id"),
        string(o, "name"),
        string(o, "version"),
        string(o, "description"),
        string(o, "icon"),
        string(o, "entry"),
        string(o, "style"),
        bool(o, "background"),
        strings(o, "permissions"),
        strings(o, "channels"));
  }

  private static String string(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw new IllegalArgumentException("'" + name + "' must be a string");
  }

  private static Boolean bool(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
      return v == JsonValue.TRUE;
    }
    throw new IllegalArgumentException("'" + name + "' must be true or false");
  }

  private static List<String> strings(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (!(v instanceof JsonArray a) || a.size() > 64) {
      throw new IllegalArgumentException("'" + name + "' must be an array of at most 64 strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonValue item : a) {
      if (!(item instanceof JsonString s)) {
        throw new IllegalArgumentException("'" + name + "' must hold strings only");
      }
      out.add(s.getString());
    }
    return out;
  }
}
