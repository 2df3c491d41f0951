package org.tfx.sessions.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.outbound.AddressPolicy;
import org.tfx.sessions.outbound.FetchException;
import org.tfx.sessions.outbound.FetchException.Reason;
import org.tfx.sessions.outbound.HttpFetcher;
import org.tfx.sessions.testing.LoopbackServer;
import org.tfx.sessions.web.BoundedCache;
import org.tfx.sessions.web.RoomRateLimiter;

/**
 * Link previews against loopback sites. 127.0.0.1 plays "the internet" (the policy exempts exactly
 * that address); every other private address — 127.0.0.2 where a canary server listens, ::1, 10/8 —
 * stays refused, so redirects into them must fail without the canary ever seeing a request.
 */
class LinkPreviewServiceTest {
  private static final String OURS = "http://meet.test:8080";
  private final AtomicLong now = new AtomicLong();
  private LoopbackServer site;
  private LoopbackServer canary;
  private LinkPreviewService service;

  @BeforeEach
  void start() throws Exception {
    canary =
        new LoopbackServer("127.0.0.2", 0)
            .on("/", LoopbackServer.answer(200, "text/plain", "internal"));
    InetAddress internet = InetAddress.getByName("127.0.0.1");
    site =
        new LoopbackServer()
            .on(
                "/page",
                LoopbackServer.answer(
                    200,
                    "text/html; charset=utf-8",
                    "<title>A page</title><meta property=\"og:image\" content=\"/i.png\">",
                    "X-Frame-Options",
                    "DENY"))
            .on("/open", LoopbackServer.answer(200, "text/html", "<title>Open</title>"))
            .on("/cat.jpg", LoopbackServer.answer(200, "image/jpeg", "\u00ff\u00d8"))
            .on("/clip", LoopbackServer.answer(200, "video/webm", "webm"))
            .on("/song", LoopbackServer.answer(200, "audio/ogg", "ogg"))
            .on("/blob", LoopbackServer.answer(200, "application/pdf", "%PDF"))
            .on("/untyped", LoopbackServer.answer(200, null, "?"))
            .on("/gone", LoopbackServer.answer(404, "text/html", "<title>Not found</title>"))
            .on("/hop1", LoopbackServer.answer(301, null, "", "Location", "/hop2"))
            .on("/hop2", LoopbackServer.answer(302, null, "", "Location", "/hop3"))
            .on("/hop3", LoopbackServer.answer(307, null, "", "Location", "/open"))
            .on("/hop0", LoopbackServer.answer(308, null, "", "Location", "/hop1"))
            .on(
                "/to-canary",
                LoopbackServer.answer(
                    302, null, "", "Location", "http://127.0.0.2:" + canary.port() + "/"))
            .on(
                "/to-v6",
                LoopbackServer.answer(
                    302, null, "", "Location", "http://[::1]:" + canary.port() + "/"))
            .on("/to-private", LoopbackServer.answer(302, null, "", "Location", "http://10.1.2.3/"))
            .on(
                "/to-metadata",
                LoopbackServer.answer(
                    302, null, "", "Location", "http://169.254.169.254/latest/meta-data/"))
            .on("/to-ftp", LoopbackServer.answer(302, null, "", "Location", "ftp://example.com/"))
            .on("/no-location", LoopbackServer.answer(302, null, ""))
            .on(
                "/slow",
                ex -> {
                  try {
                    Thread.sleep(800);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  LoopbackServer.send(ex, 200, "text/html", "<title>Slow</title>".getBytes());
                });
    service =
        new LinkPreviewService(
            HttpFetcher.standard(
                AddressPolicy.publicOnlyExcept(internet::equals), Duration.ofSeconds(20)),
            new BoundedCache<>(100, Duration.ofMinutes(10), now::get),
            new RoomRateLimiter(30, 100, now::get));
  }

  @AfterEach
  void stop() {
    site.close();
    canary.close();
  }

  private LinkPreview preview(String path) throws FetchException {
    return ((LinkPreviewService.Outcome.Done) service.preview("room", site.url(path), OURS))
        .preview();
  }

  @Test
  void aPageGivesItsTitleImageAndFramingVerdict() throws Exception {
    LinkPreview p = preview("/page");
    assertEquals("page", p.kind());
    assertEquals("text/html", p.contentType());
    assertEquals("A page", p.title());
    assertEquals(site.url("/i.png").toString(), p.image());
    assertFalse(p.frameable(), "X-Frame-Options: DENY");
    assertTrue(preview("/open").frameable());
  }

  @Test
  void mediaIsRecognisedByItsType() throws Exception {
    assertEquals("image", preview("/cat.jpg").kind());
    assertEquals("video", preview("/clip").kind());
    assertEquals("audio", preview("/song").kind());
    assertEquals("other", preview("/blob").kind());
    LinkPreview untyped = preview("/untyped");
    assertEquals("other", untyped.kind());
    assertEquals("", untyped.contentType());
    assertNull(preview("/cat.jpg").title());
  }

  @Test
  void followsThreeRedirectsButNotFour() throws Exception {
    LinkPreview p = preview("/hop1");
    assertEquals(site.url("/open").toString(), p.url());
    assertEquals("Open", p.title());
    FetchException e = assertThrows(FetchException.class, () -> preview("/hop0"));
    assertEquals(Reason.FAILED, e.reason());
    assertTrue(e.getMessage().contains("more than 3 redirects"));
  }

  @Test
  void redirectsIntoPrivateAddressesAreRefusedAndNeverFetched() {
    for (String path : List.of("/to-canary", "/to-v6", "/to-private", "/to-metadata")) {
      FetchException e = assertThrows(FetchException.class, () -> preview(path), path);
      assertEquals(Reason.ADDRESS_NOT_ALLOWED, e.reason(), path + ": " + e.getMessage());
    }
    assertEquals(0, canary.seen().size(), "the internal server saw nothing");
  }

  @Test
  void otherFailuresAreFetchFailures() {
    for (String path : List.of("/gone", "/to-ftp", "/no-location")) {
      FetchException e = assertThrows(FetchException.class, () -> preview(path), path);
      assertEquals(Reason.FAILED, e.reason(), path);
    }
  }

  @Test
  void theFragmentIsKeptButNeverSent() throws Exception {
    LinkPreview p =
        ((LinkPreviewService.Outcome.Done)
                service.preview("room", URI.create(site.url("/hop3") + "#t=30"), OURS))
            .preview();
    assertEquals(site.url("/open") + "#t=30", p.url());
    assertTrue(site.seen().stream().noneMatch(s -> s.path().contains("#")));
  }

  @Test
  void previewsAreCachedBrieflyAndConcurrentAsksShareOneFetch() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<LinkPreviewService.Outcome>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        all.add(pool.submit(() -> service.preview("room", site.url("/slow"), OURS)));
      }
      for (Future<LinkPreviewService.Outcome> f : all) {
        assertEquals("Slow", ((LinkPreviewService.Outcome.Done) f.get()).preview().title());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, site.seen().stream().filter(s -> s.path().equals("/slow")).count());
    preview("/slow");
    assertEquals(1, site.seen().stream().filter(s -> s.path().equals("/slow")).count(), "cached");
    now.addAndGet(Duration.ofMinutes(11).toNanos());
    preview("/slow");
    assertEquals(2, site.seen().stream().filter(s -> s.path().equals("/slow")).count(), "expired");
  }

  @Test
  void aRoomThatAsksTooMuchIsRateLimited() throws Exception {
    for (int i = 0; i < 30; i++) {
      service.preview("busy", site.url("/open?i=" + i), OURS);
    }
    assertInstanceOf(
        LinkPreviewService.Outcome.RateLimited.class,
        service.preview("busy", site.url("/open?i=99"), OURS));
    assertInstanceOf(
        LinkPreviewService.Outcome.Done.class,
        service.preview("busy", site.url("/open?i=0"), OURS),
        "cached: free");
    assertInstanceOf(
        LinkPreviewService.Outcome.Done.class,
        service.preview("calm", site.url("/open?i=99"), OURS));
  }
}
