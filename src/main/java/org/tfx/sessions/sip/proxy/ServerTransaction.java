package org.tfx.sessions.sip.proxy;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.tfx.sessions.sip.transport.Flow;

/**
 * A request we received and answer (RFC 3261 17.2 and 16.7's response context): the flow its
 * answers go back over, the last answer (resent when the request is retransmitted), and for a
 * forwarded request its branches and the best final answer so far.
 */
final class ServerTransaction {
  final String key;
  final SIPRequest request;
  final Flow inbound;
  final String toTag;
  final List<ClientTransaction> branches = new ArrayList<>();
  SIPResponse lastResponse;
  SIPResponse best;
  boolean finalSent;
  boolean answered;
  boolean canceled;
  ScheduledFuture<?> ringTimer;

  ServerTransaction(String key, SIPRequest request, Flow inbound, String toTag) {
    this.key = key;
    this.request = request;
    this.inbound = inbound;
    this.toTag = toTag;
  }

  boolean isInvite() {
    return request.getMethod().equals("INVITE");
  }

  boolean allBranchesFinal() {
    return branches.stream().allMatch(ClientTransaction::isFinal);
  }

  void stopRingTimer() {
    if (ringTimer != null) {
      ringTimer.cancel(false);
      ringTimer = null;
    }
  }

  /** Keeps the better of two final non-2xx answers (RFC 3261 16.7 step 6, simplified). */
  void offer(SIPResponse response) {
    if (best == null || rank(response.getStatusCode()) < rank(best.getStatusCode())) {
      best = response;
    }
  }

  /** 6xx first, then 4xx, 3xx, 5xx; lower codes first within a class. */
  private static int rank(int status) {
    int cls = status / 100;
    int order =
        switch (cls) {
          case 6 -> 0;
          case 4 -> 1;
          case 3 -> 2;
          default -> 3;
        };
    return order * 1000 + status;
  }
}
