package org.tfx.sessions.widget;

/**
 * Where a widget's files and sandbox frame are, as URLs a browser resolves: paths on this server
 * ({@code /widgets/chat/}) for built-in and folder widgets, absolute URLs for URL-registered ones.
 */
public final class WidgetLinks {
  public static final String FILES = "/widgets/";
  public static final String FRAME = "/widget-frame/";

  private WidgetLinks() {}

  /** The base under which the manifest's entry, style and icon resolve; ends with a slash. */
  public static String base(Widget w, String contextPath) {
    return w.source() instanceof WidgetSource.Remote r
        ? r.base().toString()
        : contextPath + FILES + w.id() + "/";
  }

  /** A file of the manifest (entry, style, icon), or null when the manifest names none. */
  public static String file(Widget w, String contextPath, String file) {
    return file == null ? null : base(w, contextPath) + file;
  }

  /** The sandbox frame page of a third-party widget; null for built-in ones. */
  public static String frame(Widget w, String contextPath) {
    return w.thirdParty() ? contextPath + FRAME + w.id() : null;
  }
}
