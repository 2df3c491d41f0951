package org.tfx.sessions.translate;

/** A translated text and, when the source was {@code auto}, the language detected (or null). */
public record Translation(String translatedText, String detectedLanguage) {}
