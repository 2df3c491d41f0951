package org.tfx.sessions.it.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Generates malformed and mutated SIP messages from a few valid seeds (requests of every kind the
 * server handles, a response, a message with a body), by a seeded random choice of mutations:
 * structural ones (lines dropped, duplicated, swapped, folded, line ends changed, truncation),
 * header ones (mandatory headers removed, values replaced by garbage, huge, negative or non-numeric
 * numbers, CSeq method mismatches, hundreds of Vias) and byte ones (flips, NULs, invalid UTF-8,
 * random insertions). The same seed gives the same messages.
 */
public final class SipFuzzer {
  private static final String[] GARBAGE = {
    "",
    " ",
    "<",
    ">",
    ";",
    ";;;",
    "\"",
    "@",
    "sip:",
    "sip:@",
    "<sip:>",
    "%00",
    "\u00ff\u00fe",
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    "NaN",
    "SIP/2.0",
    "\t",
    "a".repeat(5000),
    "<sip:x@y>;tag=",
    ";branch=",
    "z9hG4bK",
    "[::1",
    "[::1]:99999",
    "ÄÖÜ",
    "😀",
    "\\",
    "%"
  };
  private static final String[] HEADERS = {
    "Via",
    "From",
    "To",
    "Call-ID",
    "CSeq",
    "Max-Forwards",
    "Contact",
    "Content-Length",
    "Content-Type",
    "Route",
    "Record-Route",
    "Expires",
    "Authorization",
    "Proxy-Authorization"
  };

  private final Random random;
  private final List<String> seeds;
  private final List<BiFunction<Random, String, String>> textMutations = new ArrayList<>();

  public SipFuzzer(long seed, String host, int port) {
    this.random = new Random(seed);
    this.seeds = seeds(host, port);
    textMutations.add(SipFuzzer::dropLine);
    textMutations.add(SipFuzzer::duplicateLine);
    textMutations.add(SipFuzzer::swapLines);
    textMutations.add(SipFuzzer::garbageValue);
    textMutations.add(SipFuzzer::removeHeader);
    textMutations.add(SipFuzzer::badNumber);
    textMutations.add(SipFuzzer::cseqMismatch);
    textMutations.add(SipFuzzer::manyVias);
    textMutations.add(SipFuzzer::badRequestLine);
    textMutations.add(SipFuzzer::lineEnds);
    textMutations.add(SipFuzzer::fold);
    textMutations.add(SipFuzzer::truncate);
    textMutations.add(SipFuzzer::wrongContentLength);
    textMutations.add(SipFuzzer::hugeHeader);
  }

  /** The next malformed message: one to three mutations of a random seed. */
  public byte[] next() {
    String text = seeds.get(random.nextInt(seeds.size()));
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      text = textMutations.get(random.nextInt(textMutations.size())).apply(random, text);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return random.nextInt(4) == 0 ? mutateBytes(bytes) : bytes;
  }

  private byte[] mutateBytes(byte[] bytes) {
    if (bytes.length == 0) {
      return new byte[] {0};
    }
    byte[] b = Arrays.copyOf(bytes, bytes.length);
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> b[random.nextInt(b.length)] = 0;
      case 2 -> b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x80));
      default -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = random.nextInt(b.length);
        out.write(b, 0, at);
        byte[] noise = new byte[1 + random.nextInt(64)];
        random.nextBytes(noise);
        out.writeBytes(noise);
        out.write(b, at, b.length - at);
        return out.toByteArray();
      }
    }
    return b;
  }

  private static List<String> seeds(String host, int port) {
    String sdp =
        "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n";
    String via = "Via: SIP/2.0/UDP 127.0.0.1:25999;branch=z9hG4bKfuzz1;rport\r\n";
    String common =
        "From: <sip:fuzz@" + host + ">;tag=f1\r\nCall-ID: fuzz-1@127.0.0.1\r\nMax-Forwards: 70\r\n";
    List<String> s = new ArrayList<>();
    s.add(
        "REGISTER sip:"
            + host
            + " SIP/2.0\r\n"
            + via
            + common
            + "To: <sip:fuzz@"
            + host
            + ">\r\n"
            + "CSeq: 1 REGISTER\r\nContact: <sip:fuzz@127.0.0.1:25999>;expires=60\r\n"
            + "Authorization: Digest username=\"fuzz\", realm=\"tfx-sessions\", nonce=\"00\","
            + " uri=\"sip:"
            + host
            + "\", response=\"00\", qop=auth, nc=00000001, cnonce=\"c\"\r\n"
            + "Content-Length: 0\r\n\r\n");
    s.add(
        "INVITE sip:nobody-here@"
            + host
            + ":"
            + port
            + " SIP/2.0\r\n"
            + via
            + common
            + "To: <sip:nobody-here@"
            + host
            + ">\r\nCSeq: 1 INVITE\r\n"
            + "Contact: <sip:fuzz@127.0.0.1:25999>\r\nContent-Type: application/sdp\r\n"
            + "Content-Length: "
            + sdp.length()
            + "\r\n\r\n"
            + sdp);
    s.add(
        "OPTIONS sip:"
            + host
            + " SIP/2.0\r\n"
            + via
            + common
            + "To: <sip:"
            + host
            + ">\r\n"
            + "CSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    s.add(
        "BYE sip:fuzz@127.0.0.1:25998 SIP/2.0\r\n"
            + via
            + common
            + "To: <sip:x@"
            + host
            + ">;tag=t9\r\nCSeq: 2 BYE\r\n"
            + "Route: <sip:tfx-w0123456789abcdef@127.0.0.1;transport=ws;lr>\r\n"
            + "Content-Length: 0\r\n\r\n");
    s.add(
        "CANCEL sip:x@"
            + host
            + " SIP/2.0\r\n"
            + via
            + common
            + "To: <sip:x@"
            + host
            + ">\r\n"
            + "CSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n");
    s.add(
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:"
            + port
            + ";branch=z9hG4bKtfxdead.beef\r\n"
            + common
            + "To: <sip:x@"
            + host
            + ">;tag=t1\r\nCSeq: 1 INVITE\r\n"
            + "Content-Length: 0\r\n\r\n");
    s.add(
        "MESSAGE sip:nobody-here@"
            + host
            + " SIP/2.0\r\n"
            + via
            + common
            + "To: <sip:nobody-here@"
            + host
            + ">\r\nCSeq: 3 MESSAGE\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 5\r\n\r\nhello");
    return s;
  }

  private static List<String> lines(String text) {
    return new ArrayList<>(Arrays.asList(text.split("\r\n", -1)));
  }

  private static String join(List<String> lines) {
    return String.join("\r\n", lines);
  }

  private static int headerLine(Random r, List<String> lines) {
    int end = lines.indexOf("");
    int last = end < 0 ? lines.size() - 1 : end - 1;
    return last < 1 ? 0 : 1 + r.nextInt(last);
  }

  static String dropLine(Random r, String t) {
    List<String> l = lines(t);
    l.remove(r.nextInt(l.size()));
    return join(l);
  }

  static String duplicateLine(Random r, String t) {
    List<String> l = lines(t);
    int i = headerLine(r, l);
    l.add(i, l.get(i));
    return join(l);
  }

  static String swapLines(Random r, String t) {
    List<String> l = lines(t);
    int i = r.nextInt(l.size());
    int j = r.nextInt(l.size());
    String x = l.get(i);
    l.set(i, l.get(j));
    l.set(j, x);
    return join(l);
  }

  static String garbageValue(Random r, String t) {
    List<String> l = lines(t);
    int i = headerLine(r, l);
    String line = l.get(i);
    int colon = line.indexOf(':');
    if (colon > 0) {
      String value = line.substring(colon + 1);
      int cut = value.isEmpty() ? 0 : r.nextInt(value.length());
      l.set(
          i,
          line.substring(0, colon + 1)
              + value.substring(0, cut)
              + GARBAGE[r.nextInt(GARBAGE.length)]
              + (r.nextBoolean() ? value.substring(cut) : ""));
    }
    return join(l);
  }

  static String removeHeader(Random r, String t) {
    String name = HEADERS[r.nextInt(HEADERS.length)];
    List<String> l = lines(t);
    l.removeIf(x -> x.regionMatches(true, 0, name + ":", 0, name.length() + 1));
    return join(l);
  }

  static String badNumber(Random r, String t) {
    String[] numbers = {"-1", "4294967296", "99999999999999999999", "abc", "", "0x10", "1.5"};
    String n = numbers[r.nextInt(numbers.length)];
    return switch (r.nextInt(4)) {
      case 0 -> t.replaceFirst("Max-Forwards: \\d+", "Max-Forwards: " + n);
      case 1 -> t.replaceFirst("CSeq: \\d+", "CSeq: " + n);
      case 2 -> t.replaceFirst("expires=\\d+", "expires=" + n);
      default -> t.replaceFirst("Content-Length: \\d+", "Content-Length: " + n);
    };
  }

  static String cseqMismatch(Random r, String t) {
    String[] methods = {"INVITE", "BYE", "FOO", "", "register", "ACK"};
    return t.replaceFirst("CSeq: (\\d+) \\w+", "CSeq: $1 " + methods[r.nextInt(methods.length)]);
  }

  static String manyVias(Random r, String t) {
    StringBuilder vias = new StringBuilder();
    for (int i = 0; i < 50 + r.nextInt(200); i++) {
      vias.append("Via: SIP/2.0/UDP 10.0.0.")
          .append(i % 250)
          .append(";branch=z9hG4bK")
          .append(i)
          .append("\r\n");
    }
    int at = t.indexOf("\r\n") + 2;
    return at < 2 ? t : t.substring(0, at) + vias + t.substring(at);
  }

  static String badRequestLine(Random r, String t) {
    String[] lines = {
      "INVITE sip:x@y SIP/3.0",
      "invite sip:x@y SIP/2.0",
      "INVITE  SIP/2.0",
      "INVITE tel:123 SIP/2.0",
      "INVITE sip:x@y",
      "SIP/2.0 abc OK",
      "SIP/2.0 999 Weird",
      "SIP/2.0 099 Low",
      " INVITE sip:x@y SIP/2.0",
      "INVITE <sip:x@y> SIP/2.0",
      "REGISTER sip:[::1 SIP/2.0",
      "\u0000\u0001 SIP/2.0"
    };
    int end = t.indexOf("\r\n");
    return lines[r.nextInt(lines.length)] + (end < 0 ? "" : t.substring(end));
  }

  static String lineEnds(Random r, String t) {
    return switch (r.nextInt(3)) {
      case 0 -> t.replace("\r\n", "\n");
      case 1 -> t.replace("\r\n", "\r");
      default -> t.replaceFirst("\r\n\r\n", "\r\n");
    };
  }

  static String fold(Random r, String t) {
    List<String> l = lines(t);
    int i = headerLine(r, l);
    String line = l.get(i);
    int cut = line.length() < 2 ? 0 : 1 + r.nextInt(line.length() - 1);
    l.set(i, line.substring(0, cut) + "\r\n " + line.substring(cut));
    return join(l);
  }

  static String truncate(Random r, String t) {
    return t.isEmpty() ? t : t.substring(0, r.nextInt(t.length()));
  }

  static String wrongContentLength(Random r, String t) {
    int body = t.length() - t.indexOf("\r\n\r\n") - 4;
    int wrong = Math.max(0, body + (r.nextBoolean() ? 1 + r.nextInt(500) : -1 - r.nextInt(5)));
    return t.replaceFirst("Content-Length: \\d+", "Content-Length: " + wrong);
  }

  static String hugeHeader(Random r, String t) {
    int at = t.indexOf("\r\n") + 2;
    String header = "X-Fuzz: " + "x".repeat(1000 + r.nextInt(40_000)) + "\r\n";
    return at < 2 ? t : t.substring(0, at) + header + t.substring(at);
  }
}
