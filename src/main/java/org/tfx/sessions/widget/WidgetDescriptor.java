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

  private String style;

  @Column(nullable = false)
  private boolean background;

  /** Comma-separated, e.g. {@code data,camera}. */
  @Column(nullable = false)
  private String permissions;

  @Column(nullable = false)
  private String channels;

  @Column(name = "third_party", nullable = false)
  private boolean thirdParty;

  /** Null for built-in widgets; the folder or base URL of a third-party one. */
  private String source;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected WidgetDescriptor() {}

  public WidgetDescriptor(Widget widget, boolean enabled, Instant now) {
    this.id = widget.id();
    refresh(widget, enabled, now);
  }

  /** Takes the values of a newer manifest, its source and the current enabled flag. */
  public final void refresh(Widget widget, boolean enabled, Instant now) {
    WidgetManifest m = widget.manifest();
    if (!id.equals(m.id())) {
      throw new IllegalArgumentException("manifest of " + m.id() + " cannot update " + id);
    }
    this.name = m.name();
    this.version = m.version();
    this.description = m.description();
    this.icon = m.icon();
    this.entry = m.entry();
    this.style = m.style();
    this.background = m.background();
    this.permissions = String.join(",", m.permissions());
    this.channels = String.join(",", m.channels());
    this.thirdParty = widget.thirdParty();
    this.source = widget.source().stored();
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

  public Widget widget() {
    return new Widget(
        new WidgetManifest(
            id,
            name,
            version,
            description,
            icon,
            entry,
            style,
            background,
            split(permissions),
            split(channels)),
        WidgetSource.fromStored(source));
  }

  private static List<String> split(String csv) {
    return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }
}
