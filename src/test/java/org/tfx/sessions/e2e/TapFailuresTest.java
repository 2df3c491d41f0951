package org.tfx.sessions.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TapFailuresTest {
  /** Shaped like what {@code node --test} (Node 20) writes when its output is not a terminal. */
  private static final String LOG =
      """
      TAP version 13
      # Subtest: passes
      ok 1 - passes
        ---
        duration_ms: 1.46
        ...
      # Subtest: filters: B sees A in black & white
      not ok 2 - filters: B sees A in black & white
        ---
        duration_ms: 1.07
        location: '/x/e2e/filters.e2e.js:49:1'
        failureType: 'testCodeFailure'
        error: 'condition not met within 15000 ms (last: {"a":1}); it''s grey'
        code: 'ERR_ASSERTION'
        stack: |-
          TestContext.<anonymous> (file:///x/e2e/filters.e2e.js:60:9)
        ...
      # Subtest: group
          # Subtest: throws
          not ok 1 - throws
            ---
            location: '/x/e2e/xss.e2e.js:5:1'
            failureType: 'testCodeFailure'
            error: |-
              page.evaluate: RangeError: too large
                  at SharedState._local (app.js:1653:13)
              \u001B[2m  - waiting for locator\u001B[22m
            code: 'ERR_TEST_FAILURE'
            ...
          1..1
      not ok 3 - group
        ---
        location: '/x/e2e/xss.e2e.js:3:1'
        failureType: 'subtestsFailed'
        error: '1 subtest failed'
        ...
      # pass 1
      # fail 2
      """;

  @Test
  void failuresCarryTheirLocationAndErrorAndSkipFailedParents() {
    List<TapFailures.Failure> f = TapFailures.in(LOG);
    assertEquals(2, f.size(), f.toString());
    assertEquals("filters: B sees A in black & white", f.get(0).name());
    assertEquals("/x/e2e/filters.e2e.js:49:1", f.get(0).location());
    assertEquals(
        "condition not met within 15000 ms (last: {\"a\":1}); it's grey", f.get(0).error());
    assertEquals("throws", f.get(1).name());
    assertEquals(
        "page.evaluate: RangeError: too large at SharedState._local (app.js:1653:13)"
            + " - waiting for locator",
        f.get(1).error());
  }

  @Test
  void theSummaryListsEveryFailureOrSaysThereIsNone() {
    String s = TapFailures.summary(LOG);
    assertTrue(s.startsWith("2 failed:"), s);
    assertTrue(s.contains("filters.e2e.js:49:1"), s);
    assertTrue(s.contains("RangeError: too large"), s);
    assertEquals(
        "no failed test in the log (crashed or timed out?)",
        TapFailures.summary("ok 1 - a\n# fail 0\n"));
  }

  @Test
  void longErrorsAreCut() {
    String log = "not ok 1 - big\n  ---\n  error: '" + "x".repeat(5000) + "'\n  ...\n";
    String error = TapFailures.in(log).get(0).error();
    assertEquals(TapFailures.MAX_ERROR + 2, error.length());
  }
}
