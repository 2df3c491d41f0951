/**
 * Sharing links, images and videos into a room. {@code GET /api/link-preview} fetches a shared
 * http(s) URL on the server ({@link org.tfx.sessions.share.LinkPreviewService}), guarded against
 * server-side request forgery: only public addresses, every redirect re-checked, one deadline, byte
 * caps, no cookies. The answer tells the client how to show the link — image, video, audio, a
 * framed page when the site allows framing ({@link org.tfx.sessions.share.FramingRules}), or a card
 * with the page's title and OpenGraph data ({@link org.tfx.sessions.share.PageMetadata}).
 */
package org.tfx.sessions.share;
