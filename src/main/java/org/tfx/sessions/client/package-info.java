/**
 * Serving the JavaScript client from the WAR. The build puts the web client at the WAR root ({@code
 * /app/…}, {@code /lib/sdk/…}) and the unpacked extension under {@code WEB-INF/extension/}. {@link
 * org.tfx.sessions.client.RoomPageServlet} answers {@code /r/{roomId}} with the web client's page
 * (the room secret stays in the URL fragment and never reaches the server) and {@link
 * org.tfx.sessions.client.EmbedPageServlet} {@code /embed/{roomId}} with its embed page; {@link
 * org.tfx.sessions.client.ExtensionZipServlet} zips the extension on request and adds a {@code
 * server.json} naming this server, so a downloaded extension talks to the server it came from;
 * {@link org.tfx.sessions.client.ExtensionCorsFilter} lets the pinned extension's pages call the
 * REST API without a host permission.
 */
package org.tfx.sessions.client;
