package org.tfx.sessions.widget;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A catalogue entry: one widget the server offers, as read from its {@code widget.json}. */
@Entity
@Table(name = "widget_descriptor")
public class WidgetDescriptor {
  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String version;

  @Column(nullable = false)
  private String description;

  private String icon;

  @Column(nullable = false)
  private String entry;

  /** Comma-separated, e.g. {@code data,camera}. */
  @Column(nullable = false)
  private String permissions;

  @Column(nullable = false)
  private String channels;

  @Column(name = "third_party", nullable = false)
  private boolean thirdParty;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected WidgetDescriptor() {}

  public WidgetDescriptor(
      WidgetManifest manifest, boolean thirdParty, boolean enabled, Instant now) {
    this.id = manifest.id();
    refresh(manifest, thirdParty, enabled, now);
  }

  /** Takes the values of a newer manifest and the current enabled flag. */
  public final void refresh(WidgetManifest m, boolean thirdParty, boolean enabled, Instant now) {
    if (!id.equals(m.id())) {
      throw new IllegalArgumentException("manifest of " + m.id() + " cannot update " + id);
    }
    this.name = m.name();
    this.version = m.version();
    this.description = m.description();
    this.icon = m.icon();
    this.entry = m.entry();
    this.permissions = String.join(",", m.permissions());
    this.channels = String.join(",", m.channels());
    this.thirdParty = thirdParty;
    this.enabled = enabled;
    this.updatedAt = now;
  }

  public String id() {
    return id;
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean thirdParty() {
    return thirdParty;
  }

  public WidgetManifest manifest() {
    return new WidgetManifest(
        id, name, version, description, icon, entry, split(permissions), split(channels));
  }

  private static List<String> split(String csv) {
    return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }
}
