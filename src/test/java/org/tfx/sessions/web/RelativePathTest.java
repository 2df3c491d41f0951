package org.tfx.sessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelativePathTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main.js",
        "lib/yjs.mjs",
        "assets/icons/icon-32.png",
        "_shared.js",
        "a-b_c.d.e",
        "x/y/z/w.wasm",
        "v1.2.3/file.js"
      })
  void plainPathsInsideTheFolderAreAccepted(String path) {
    assertEquals(path, RelativePath.parse(path).orElseThrow().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "/etc/passwd",
        "..",
        "../x",
        "a/../b",
        "a/..",
        "./a",
        "a/./b",
        ".hidden",
        "a/.git/config",
        "a//b",
        "a/",
        "a\\b",
        "..\\windows",
        "a;b",
        "a;jsessionid=1",
        "a%2fb",
        "%2e%2e/x",
        "a\u0000b",
        "a b",
        "a\tb",
        "C:/x",
        "C:\\x",
        "a/b?c",
        "a#b",
        "\uff0e\uff0e/x",
        "\u2024\u2024/x",
        "a\u202eb",
        "x..y",
        "~root",
        "-rf"
      })
  void everyOtherSpellingIsNoPath(String path) {
    assertTrue(RelativePath.parse(path).isEmpty(), path);
  }

  @Test
  void deepOrLongPathsAreRefused() {
    assertTrue(RelativePath.parse("a/".repeat(16) + "b").isEmpty());
    assertTrue(RelativePath.parse("a".repeat(129)).isEmpty());
    assertTrue(RelativePath.parse(null).isEmpty());
  }

  @Test
  void knowsItsExtension() {
    RelativePath p = RelativePath.parse("lib/Model.WASM").orElseThrow();
    assertEquals("wasm", p.extension());
    assertEquals("Model.WASM", p.fileName());
    assertEquals(List.of("lib", "Model.WASM"), p.segments());
    assertEquals("", RelativePath.parse("LICENSE").orElseThrow().extension());
  }
}
