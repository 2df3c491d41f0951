package org.tfx.sessions.manual;

import java.util.List;

/**
 * One Markdown doc rendered to an HTML fragment, with what the page template, the search index and
 * the link check need.
 *
 * @param name the doc's name in the {@link DocSet}, e.g. {@code user/privacy.md}
 * @param url where it is served, e.g. {@code /manual/user/privacy}
 * @param title the text of its first level-1 heading
 * @param html the rendered body
 * @param headings every heading with its anchor id, in order
 * @param sections the page's text split at its headings, for search
 * @param links the links to other docs (or to anchors of this one) that must resolve
 */
public record RenderedPage(
    String name,
    String url,
    String title,
    String html,
    List<Heading> headings,
    List<Section> sections,
    List<DocLink> links) {

  /** A heading and the id of its anchor. */
  public record Heading(int level, String id, String text) {}

  /** A heading's text and everything under it up to the next heading. */
  public record Section(String id, String heading, String text) {}

  /**
   * A link to a doc of the set, and the anchor it points at.
   *
   * @param target doc name of the target
   * @param fragment the anchor id, or empty
   */
  public record DocLink(String target, String fragment) {}

  /** The manual this page belongs to ({@code user}, {@code developer}, or "" for the index). */
  public String manual() {
    return DocPaths.manual(name);
  }
}
