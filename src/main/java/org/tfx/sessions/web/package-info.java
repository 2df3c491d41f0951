/**
 * HTTP endpoints that are not signalling — rooms, client configuration and health as JSON — the
 * security headers every response carries ({@link org.tfx.sessions.web.SecurityHeadersFilter} with
 * the policies of {@link org.tfx.sessions.web.ContentSecurityPolicy}), and what the REST features
 * share: JSON bodies and errors ({@link org.tfx.sessions.web.JsonHttp}), authorisation by room id
 * and secret ({@link org.tfx.sessions.web.RoomAccess}), per-room rate limits, bounded caches, and
 * serving static files safely ({@link org.tfx.sessions.web.StaticFiles}, {@link
 * org.tfx.sessions.web.RelativePath}).
 */
package org.tfx.sessions.web;
