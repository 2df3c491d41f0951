package org.tfx.sessions.share;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.tfx.sessions.outbound.FetchException;
import org.tfx.sessions.outbound.FetchException.Reason;
import org.tfx.sessions.outbound.HttpFetcher;
import org.tfx.sessions.web.BoundedCache;
import org.tfx.sessions.web.RoomRateLimiter;

/**
 * Fetches a shared link and says how to show it. Redirects are followed by hand, at most {@value
 * #MAX_REDIRECTS}, each target checked like the first URL (the fetcher refuses private addresses
 * per hop). HTML is read up to {@value #MAX_HTML_BYTES} bytes for its title and OpenGraph data;
 * other content is not downloaded at all. Previews are cached briefly, and when several
 * participants ask for the same link at once (everybody sees it shared), one fetch answers all.
 */
public final class LinkPreviewService {
  static final int MAX_REDIRECTS = 3;
  static final int MAX_HTML_BYTES = 512 * 1024;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Map<String, String> HEADERS =
      Map.of(
          "Accept",
          "text/html,application/xhtml+xml;q=0.9,image/*;q=0.8,video/*;q=0.8,audio/*;q=0.8,"
              + "*/*;q=0.5",
          "Accept-Language",
          "en;q=0.8, *;q=0.5");

  private final HttpFetcher fetcher;
  private final BoundedCache<String, LinkPreview> cache;
  private final RoomRateLimiter limiter;
  private final Map<String, CompletableFuture<LinkPreview>> inFlight = new ConcurrentHashMap<>();

  /** The outcome of one request. */
  public sealed interface Outcome {
    /** The preview. */
    record Done(LinkPreview preview) implements Outcome {}

    /** The room is over its quota; try again after {@code retryAfterSeconds}. */
    record RateLimited(long retryAfterSeconds) implements Outcome {}
  }

  public LinkPreviewService(
      HttpFetcher fetcher, BoundedCache<String, LinkPreview> cache, RoomRateLimiter limiter) {
    this.fetcher = fetcher;
    this.cache = cache;
    this.limiter = limiter;
  }

  /** A preview of {@code url} for a page of {@code ourOrigin} (which decides "frameable"). */
  public Outcome preview(String roomId, URI url, String ourOrigin) throws FetchException {
    String key = url + " " + ourOrigin;
    Optional<LinkPreview> hit = cache.get(key);
    if (hit.isPresent()) {
      return new Outcome.Done(hit.get());
    }
    CompletableFuture<LinkPreview> running = inFlight.get(key);
    if (running == null) {
      long wait = limiter.acquire(roomId);
      if (wait > 0) {
        return new Outcome.RateLimited(wait);
      }
      CompletableFuture<LinkPreview> mine = new CompletableFuture<>();
      running = inFlight.putIfAbsent(key, mine);
      if (running == null) {
        try {
          LinkPreview p = fetch(url, ourOrigin);
          cache.put(key, p);
          mine.complete(p);
          return new Outcome.Done(p);
        } catch (FetchException | RuntimeException e) {
          mine.completeExceptionally(e);
          throw e;
        } finally {
          inFlight.remove(key, mine);
        }
      }
    }
    return new Outcome.Done(await(running));
  }

  private static LinkPreview await(CompletableFuture<LinkPreview> running) throws FetchException {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(Reason.FAILED, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FetchException f) {
        throw f;
      }
      throw new FetchException(Reason.FAILED, "preview failed", e.getCause());
    }
  }

  LinkPreview fetch(URI shared, String ourOrigin) throws FetchException {
    URI url = SharedUrl.withoutFragment(shared);
    for (int hop = 0; ; hop++) {
      HttpFetcher.Response r =
          fetcher.send(
              HttpFetcher.Request.get(url, HEADERS),
              (status, type) ->
                  status >= 200 && status < 300 && LinkPreview.isHtml(type) ? MAX_HTML_BYTES : 0);
      if (REDIRECTS.contains(r.status())) {
        if (hop == MAX_REDIRECTS) {
          throw new FetchException(Reason.FAILED, "more than " + MAX_REDIRECTS + " redirects");
        }
        url = next(url, r.header("location"));
        continue;
      }
      if (r.status() < 200 || r.status() >= 300) {
        throw new FetchException(Reason.FAILED, "the site answered " + r.status());
      }
      return preview(r, url, shared, ourOrigin);
    }
  }

  private static URI next(URI current, String location) throws FetchException {
    if (location == null || location.isBlank()) {
      throw new FetchException(Reason.FAILED, "a redirect without Location");
    }
    URI target;
    try {
      target = current.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw new FetchException(Reason.FAILED, "a redirect to a malformed URL");
    }
    Optional<URI> checked = SharedUrl.parse(target.toString());
    if (checked.isEmpty()) {
      throw new FetchException(Reason.FAILED, "a redirect to a URL that is not http(s)");
    }
    return SharedUrl.withoutFragment(checked.get());
  }

  private static LinkPreview preview(
      HttpFetcher.Response r, URI url, URI shared, String ourOrigin) {
    String type = r.mediaType();
    String kind = LinkPreview.kindOf(type);
    PageMetadata meta =
        kind.equals("page") ? PageMetadata.parse(r.body(), r.charset(), url) : PageMetadata.NONE;
    // Browsers carry the fragment over redirects that have none of their own.
    String shown =
        shared.getRawFragment() == null ? url.toString() : url + "#" + shared.getRawFragment();
    return new LinkPreview(
        shown,
        kind,
        type,
        meta.title(),
        meta.description(),
        meta.image(),
        meta.siteName(),
        FramingRules.frameable(r, url, ourOrigin));
  }
}
