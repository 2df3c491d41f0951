package org.tfx.sessions.sip.registrar;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A SIP account: a user name (the user part of {@code sip:user@domain}), a display name and the
 * digest HA1 for the realm it was set in. The password itself is never stored.
 */
@Entity
@Table(name = "sip_account")
public class SipAccount {
  /** Letters, digits and {@code . _ -}: safe in a SIP URI, a log line and an HTML page. */
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

  public static final int MAX_DISPLAY_NAME = 64;

  @Id private String username;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  @Column(nullable = false)
  private String ha1;

  @Column(nullable = false)
  private String realm;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected SipAccount() {}

  SipAccount(String username, String displayName, String ha1, String realm, Instant now) {
    this.username = username;
    this.displayName = displayName;
    this.ha1 = ha1;
    this.realm = realm;
    this.enabled = true;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String username() {
    return username;
  }

  public String displayName() {
    return displayName;
  }

  public String ha1() {
    return ha1;
  }

  public String realm() {
    return realm;
  }

  public boolean enabled() {
    return enabled;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  void edit(String newDisplayName, boolean nowEnabled, Instant now) {
    this.displayName = newDisplayName;
    this.enabled = nowEnabled;
    this.updatedAt = now;
  }

  void setHa1(String newHa1, String newRealm, Instant now) {
    this.ha1 = newHa1;
    this.realm = newRealm;
    this.updatedAt = now;
  }
}
