package org.tfx.sessions.web;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.tfx.sessions.config.Settings;

/**
 * Every Content-Security-Policy the server sends, built once from the settings:
 *
 * <ul>
 *   <li>{@link #strict()} for every page but those below: scripts, styles, images, media and frames
 *       from this origin only; framed by this origin only.
 *   <li>{@link #room()} for the room pages ({@code /app/…}, {@code /r/…}): the strict policy, but
 *       shared images, media and frames may come from {@code tfx.share.sources}.
 *   <li>{@link #embed()} for {@code /embed/…}: the room policy, framed by this origin and {@code
 *       tfx.origins.allowed}.
 *   <li>{@link #widgetFrame(String)} for a third-party widget's sandbox frame page.
 *   <li>{@link #thirdPartyFile()} for the files of a third-party widget.
 * </ul>
 */
public final class ContentSecurityPolicy {
  private static final System.Logger LOG = System.getLogger(ContentSecurityPolicy.class.getName());
  private static final Pattern ORIGIN =
      Pattern.compile(
          "https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](?::[0-9]{1,5})?");
  private static final Pattern EXTENSION_ID = Pattern.compile("[a-p]{32}");

  private static final String STRICT = policy("'self'", "'self'", "'self'", "'self'");

  private final String room;
  private final String embed;
  private final String frameAncestors;
  private final List<String> embedOrigins;

  public ContentSecurityPolicy(Settings.Origins origins, List<String> shareSources) {
    String shared = shareSources.isEmpty() ? "" : " " + String.join(" ", shareSources);
    List<String> embedders = embedders(origins.allowed());
    this.embedOrigins = List.copyOf(embedders);
    String embedAncestors = String.join(" ", prepend("'self'", embedders));
    List<String> frameParents = new ArrayList<>();
    frameParents.add("'self'");
    if (EXTENSION_ID.matcher(origins.extensionId()).matches()) {
      frameParents.add("chrome-extension://" + origins.extensionId());
    }
    frameParents.addAll(embedders);
    this.room = policy("'self'" + shared, "'self'" + shared, "'self'" + shared, "'self'");
    this.embed = policy("'self'" + shared, "'self'" + shared, "'self'" + shared, embedAncestors);
    this.frameAncestors = String.join(" ", frameParents);
  }

  private static String policy(String img, String media, String frame, String ancestors) {
    return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        + "img-src "
        + img
        + " data: blob:; media-src "
        + media
        + " blob:; connect-src 'self'; font-src 'self'; frame-src "
        + frame
        + "; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors "
        + ancestors;
  }

  /** The origins of {@code tfx.origins.allowed} that are plain origins; others are skipped. */
  private static List<String> embedders(List<String> allowed) {
    List<String> out = new ArrayList<>();
    for (String origin : allowed) {
      if (ORIGIN.matcher(origin).matches()) {
        out.add(origin);
      } else {
        LOG.log(
            Level.WARNING,
            "tfx.origins.allowed entry ''{0}'' is not an origin (scheme://host[:port]); rooms"
                + " cannot be embedded there",
            origin);
      }
    }
    return out;
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest);
    return out;
  }

  public static String strict() {
    return STRICT;
  }

  /** The origins of {@code tfx.origins.allowed} that may frame the embed page. */
  public List<String> embedOrigins() {
    return embedOrigins;
  }

  public String room() {
    return room;
  }

  public String embed() {
    return embed;
  }

  /**
   * The sandbox frame of a third-party widget: an opaque origin (no {@code allow-same-origin}), so
   * it reaches neither this origin's storage nor the page around it; scripts, styles and images
   * only from this server and {@code widgetOrigin} (the widget's own site, or null); no network
   * access at all ({@code connect-src 'none'}: everything goes through the parent's bridge); framed
   * by this origin, the extension and the embedding sites. Chromium matches {@code 'self'} of a
   * sandboxed document against the URL's origin, so it still names this server here.
   */
  public String widgetFrame(String widgetOrigin) {
    String from = widgetOrigin == null ? "'self'" : "'self' " + widgetOrigin;
    return "sandbox allow-scripts; default-src 'none'; script-src "
        + from
        + "; style-src "
        + from
        + "; img-src "
        + from
        + " data: blob:; font-src "
        + from
        + " data:; media-src "
        + from
        + " data: blob:; connect-src 'none'; frame-src 'none'; worker-src 'none'; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors "
        + frameAncestors;
  }

  /** Files of a third-party widget, opened directly: sandboxed, never framed. */
  public static String thirdPartyFile() {
    return "sandbox allow-scripts; default-src 'none'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data: blob:; connect-src 'none'; object-src 'none'; base-uri 'none'; "
        + "form-action 'none'; frame-ancestors 'none'";
  }
}
