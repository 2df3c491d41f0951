/**
 * The user and developer manuals, served as HTML at {@code /manual/user/…} and {@code
 * /manual/developer/…}. At build time {@link org.tfx.sessions.manual.ManualBuild} reads {@code
 * docs/}, renders every page once to check its links and anchors, and writes the fixed list of
 * files the WAR may serve (the manifest), the files themselves under {@code WEB-INF/} and the
 * search index. At start-up {@link org.tfx.sessions.manual.Manual} renders the listed Markdown with
 * commonmark-java (raw HTML escaped, URLs sanitised) into {@link
 * org.tfx.sessions.manual.PageTemplate}; {@link org.tfx.sessions.manual.ManualServlet} then only
 * looks request paths up in that in-memory table, so no request ever becomes a file path.
 */
package org.tfx.sessions.manual;
