package org.tfx.sessions.translate;

/** The translation service did not translate; {@link Kind} says whose fault it was. */
public final class TranslationException extends Exception {
  /** Whose fault. */
  public enum Kind {
    /** The service refused the request itself (e.g. an unsupported language): 400. */
    REJECTED,
    /** The service is down, slow, misconfigured or answered nonsense: 502. */
    FAILED
  }

  private final Kind kind;

  public TranslationException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
