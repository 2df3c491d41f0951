package org.tfx.sessions.translate;

import java.util.List;

/** A translation service. */
public interface Translator {
  Translation translate(TranslationRequest request) throws TranslationException;

  List<Language> languages() throws TranslationException;
}
