package org.tfx.sessions.translate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.tfx.sessions.web.BoundedCache;
import org.tfx.sessions.web.RoomRateLimiter;

/**
 * Translation with a memory: answers already given come from an LRU cache (and cost no quota);
 * everything else counts against the room's rate limit before it reaches the service. The language
 * list is kept for an hour, a failure to get it for half a minute (so a dead service is not asked
 * on every request).
 */
public final class TranslationService {
  private static final Duration LANGUAGES_TTL = Duration.ofHours(1);
  private static final Duration LANGUAGES_FAILURE_TTL = Duration.ofSeconds(30);

  private final Translator translator;
  private final BoundedCache<TranslationRequest, Translation> cache;
  private final RoomRateLimiter limiter;
  private final LongSupplier nanoTime;

  private List<Language> languages;
  private TranslationException languagesFailure;
  private long languagesUntil;
  private boolean languagesAsked;

  /** The outcome of one request. */
  public sealed interface Outcome {
    /** Translated; {@code cached} when it came from the cache. */
    record Done(Translation translation, boolean cached) implements Outcome {}

    /** The room is over its quota; try again after {@code retryAfterSeconds}. */
    record RateLimited(long retryAfterSeconds) implements Outcome {}
  }

  public TranslationService(
      Translator translator, int cacheSize, RoomRateLimiter limiter, LongSupplier nanoTime) {
    this.translator = translator;
    this.cache = new BoundedCache<>(cacheSize, null, nanoTime);
    this.limiter = limiter;
    this.nanoTime = nanoTime;
  }

  public Outcome translate(String roomId, TranslationRequest request) throws TranslationException {
    if (request.identity()) {
      return new Outcome.Done(new Translation(request.q(), null), false);
    }
    Optional<Translation> hit = cache.get(request);
    if (hit.isPresent()) {
      return new Outcome.Done(hit.get(), true);
    }
    long wait = limiter.acquire(roomId);
    if (wait > 0) {
      return new Outcome.RateLimited(wait);
    }
    Translation t = translator.translate(request);
    cache.put(request, t);
    return new Outcome.Done(t, false);
  }

  /** The service's languages, from the last hour's answer when there is one. */
  public synchronized List<Language> languages() throws TranslationException {
    long now = nanoTime.getAsLong();
    if (languagesAsked && now - languagesUntil < 0) {
      if (languagesFailure != null) {
        throw languagesFailure;
      }
      return languages;
    }
    languagesAsked = true;
    try {
      languages = translator.languages();
      languagesFailure = null;
      languagesUntil = now + LANGUAGES_TTL.toNanos();
      return languages;
    } catch (TranslationException e) {
      languages = null;
      languagesFailure = e;
      languagesUntil = now + LANGUAGES_FAILURE_TTL.toNanos();
      throw e;
    }
  }
}
