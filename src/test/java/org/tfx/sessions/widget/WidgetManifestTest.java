package org.tfx.sessions.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WidgetManifestTest {
  private static WidgetManifest read(String json, String folder) throws Exception {
    return ManifestReader.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), folder);
  }

  @Test
  void readsAVersionTwoManifest() throws Exception {
    WidgetManifest m =
        read(
            """
            {"id":"captions","name":"Captions","version":"2.0.0","description":"Live captions",
             "icon":"icon.svg","entry":"captions.js","style":"css/captions.css","background":true,
             "permissions":["data","microphone"],"channels":["captions","captions:sync"],
             "future":"ignored"}
            """,
            "captions");
    assertEquals("css/captions.css", m.style());
    assertTrue(m.background());
    assertEquals(List.of("data", "microphone"), m.permissions());
    assertEquals(List.of("captions", "captions:sync"), m.channels());
  }

  @Test
  void versionOneManifestsStillLoadWithDefaults() throws Exception {
    WidgetManifest m =
        read(
            "{\"id\":\"hello\",\"name\":\"Hello\",\"version\":\"1\",\"entry\":\"hello.js\"}",
            "hello");
    assertFalse(m.background());
    assertEquals(null, m.style());
    assertEquals("", m.description());
    assertEquals(List.of(), m.permissions());
    assertEquals(List.of("hello.js"), m.files().stream().map(Object::toString).toList());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"style\":\"../x.css\"} | style",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"style\":\"/abs.css\"} | style",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"style\":\"x.js\"} | style must be a css file",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.css\"} | entry must be a js/mjs file",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"a\\\\b.js\"} | entry",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"icon\":\"icon.exe\"} | icon",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"background\":\"yes\"} | 'background' must be true or false",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"background\":1} | 'background' must be true or false",
        "{\"id\":\"hello\",\"name\":42,\"version\":\"1\",\"entry\":\"hello.js\"} | 'name' must be a string",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"permissions\":\"data\"} | 'permissions' must be an array",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"permissions\":[1]} | must hold strings only",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"permissions\":[\"root\"]} | unknown permission",
        "{\"id\":\"hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\",\"channels\":[\"a b\"]} | channel names",
        "{\"id\":\"Hello\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\"} | widget id",
        "{\"id\":\"other\",\"name\":\"H\",\"version\":\"1\",\"entry\":\"hello.js\"} | differs from its folder",
        "[1,2] | must hold a JSON object",
        "{\"id\": | not valid JSON",
      })
  void wrongManifestsAreRefusedWithTheirProblem(String json, String problem) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(json, "hello"));
    assertTrue(e.getMessage().contains(problem.trim()), e.getMessage());
  }

  @Test
  void thirdPartyManifestsNeedNoMatchingFolderButLargeOnesAreRefused() throws Exception {
    assertEquals(
        "x", read("{\"id\":\"x\",\"name\":\"X\",\"version\":\"1\",\"entry\":\"x.js\"}", null).id());
    String big =
        "{\"id\":\"x\",\"name\":\"X\",\"version\":\"1\",\"entry\":\"x.js\",\"d\":\""
            + "a".repeat(70_000)
            + "\"}";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(big, null));
    assertTrue(e.getMessage().contains("larger than"));
  }
}
