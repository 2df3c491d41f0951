package org.tfx.sessions.web;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files of the web application itself (the WAR's root), found only through the container's own
 * listing of a folder: a path the listing does not name as a file is not served, whatever the
 * container would make of it. Their ETag is a hash of the content, computed once per file (the WAR
 * does not change while deployed).
 */
public final class WarFiles {
  private final ServletContext context;
  private final Map<String, StaticFile> known = new ConcurrentHashMap<>();

  public WarFiles(ServletContext context) {
    this.context = context;
  }

  /** The file {@code path} below {@code folder} (a WAR path such as {@code /widgets/chat/}). */
  public Optional<StaticFile> find(String folder, RelativePath path) throws IOException {
    String full = folder + path;
    StaticFile cached = known.get(full);
    if (cached != null) {
      return Optional.of(cached);
    }
    String parent = full.substring(0, full.lastIndexOf('/') + 1);
    Set<String> listing = context.getResourcePaths(parent);
    if (listing == null || !listing.contains(full)) {
      return Optional.empty();
    }
    URL url = context.getResource(full);
    if (url == null) {
      return Optional.empty();
    }
    URLConnection connection = url.openConnection();
    long lastModified = connection.getLastModified();
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long length = 0;
    try (InputStream in = context.getResourceAsStream(full)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        length += n;
      }
    }
    String etag =
        "\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 22)
            + "\"";
    StaticFile file =
        new StaticFile(path.extension(), length, lastModified, etag, () -> open(full));
    known.put(full, file);
    return Optional.of(file);
  }

  private InputStream open(String full) throws IOException {
    InputStream in = context.getResourceAsStream(full);
    if (in == null) {
      throw new IOException("gone: " + full);
    }
    return in;
  }
}
