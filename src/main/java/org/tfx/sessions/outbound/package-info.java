/**
 * Calls this server makes to other servers: link previews of shared links, the translation service,
 * remote widget manifests. {@link org.tfx.sessions.outbound.HttpFetcher} runs each exchange on
 * Apache HttpClient 5 (HTTP/1.1, HTTP/2 over TLS where offered), whose only way to a host's
 * addresses is a {@link org.tfx.sessions.outbound.PolicyDnsResolver}: every address must pass the
 * {@link org.tfx.sessions.outbound.AddressPolicy}, and those are the addresses it connects to (no
 * second DNS lookup an attacker could answer differently). One deadline and byte caps per exchange,
 * no cookies, no redirects of its own, no retries, no thread that outlives the call.
 */
package org.tfx.sessions.outbound;
