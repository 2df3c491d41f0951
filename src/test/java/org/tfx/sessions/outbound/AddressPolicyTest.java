package org.tfx.sessions.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  @ParameterizedTest
  @CsvSource({
    // IPv4
    "0.0.0.0, false",
    "0.1.2.3, false",
    "10.0.0.1, false",
    "10.255.255.255, false",
    "100.64.0.1, false",
    "100.127.255.254, false",
    "100.63.255.255, true",
    "100.128.0.0, true",
    "127.0.0.1, false",
    "127.255.255.254, false",
    "169.254.169.254, false",
    "172.15.255.255, true",
    "172.16.0.1, false",
    "172.31.255.255, false",
    "172.32.0.0, true",
    "192.0.0.8, false",
    "192.0.2.1, false",
    "192.88.99.1, false",
    "192.168.1.1, false",
    "198.18.0.1, false",
    "198.19.255.255, false",
    "198.51.100.7, false",
    "203.0.113.9, false",
    "224.0.0.1, false",
    "239.255.255.250, false",
    "240.0.0.1, false",
    "255.255.255.255, false",
    "1.1.1.1, true",
    "8.8.8.8, true",
    "93.184.216.34, true",
    "192.167.255.255, true",
    // IPv6
    "::, false",
    "::1, false",
    "fe80::1, false",
    "febf::1, false",
    "fec0::1, false",
    "fc00::1, false",
    "fd12:3456:789a::1, false",
    "ff02::1, false",
    "ff05::1:3, false",
    "2001:db8::1, false",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, false",
    "64:ff9b::7f00:1, false",
    "64:ff9b::808:808, false",
    "::7f00:1, false",
    "::ffff:127.0.0.1, false",
    "::ffff:10.1.2.3, false",
    "::ffff:169.254.169.254, false",
    "::ffff:8.8.8.8, true",
    "2002:7f00:1::1, false",
    "2002:c0a8:101::1, false",
    "2002:808:808::1, true",
    "2606:4700:4700::1111, true",
    "2a00:1450:4001:80b::200e, true",
    "100::1, false",
  })
  void onlyGloballyRoutedUnicastIsPublic(String literal, boolean expected) throws Exception {
    InetAddress a = InetAddress.getByName(literal);
    assertEquals(expected, AddressPolicy.isPublic(a), literal + " (" + a + ")");
    assertEquals(expected, AddressPolicy.publicOnly().allows(a), literal);
    assertTrue(AddressPolicy.any().allows(a), "the operator's own URLs may go anywhere");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 22, 25, 110, 143, 6667, 10080, 65_536, -1})
  void badPortsAreRefusedForRoomChosenUrls(int port) {
    assertFalse(AddressPolicy.publicOnly().allowsPort(port));
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 443, 8080, 8443, 5000, 18080})
  void webPortsAreFine(int port) {
    assertTrue(AddressPolicy.publicOnly().allowsPort(port));
    assertTrue(AddressPolicy.any().allowsPort(port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1"})
  void anExemptionAdmitsOnlyWhatItNames(String literal) throws Exception {
    InetAddress exempt = InetAddress.getByName(literal);
    AddressPolicy p = AddressPolicy.publicOnlyExcept(exempt::equals);
    assertTrue(p.allows(exempt));
    assertFalse(p.allows(InetAddress.getByName("127.0.0.2")));
    assertFalse(p.allows(InetAddress.getByName("::1")));
    assertFalse(p.allows(InetAddress.getByName("10.0.0.1")));
    assertTrue(p.allows(InetAddress.getByName("8.8.4.4")));
  }
}
