/**
 * Server-side translation for the multilingual widgets: {@code POST /api/translate} and {@code GET
 * /api/translate/languages} forward to a configured LibreTranslate-compatible service ({@link
 * org.tfx.sessions.translate.LibreTranslateClient}), with a cache of translations and a rate limit
 * per room ({@link org.tfx.sessions.translate.TranslationService}). Without a configured service
 * the endpoints answer {@code 503 translation-unavailable}, and the client falls back to the
 * browser's own translator or shows that translation is unavailable.
 */
package org.tfx.sessions.translate;
