/**
 * Calls this server makes to other servers: link previews of shared links, the translation service,
 * remote widget manifests. {@link org.tfx.sessions.outbound.HttpFetcher} is a small HTTP/1.1 client
 * that resolves the host once, checks every address against an {@link
 * org.tfx.sessions.outbound.AddressPolicy} and connects to exactly the address it checked (no
 * second DNS lookup an attacker could answer differently), under one deadline and byte caps, with
 * no cookies, no redirects of its own and no threads.
 */
package org.tfx.sessions.outbound;
