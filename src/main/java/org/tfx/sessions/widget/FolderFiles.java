package org.tfx.sessions.widget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.tfx.sessions.web.RelativePath;

/**
 * Finds a file inside a third-party widget's folder. The path is a {@link RelativePath} already; on
 * top, the file's real path (symbolic links followed) must lie inside the folder's real path and be
 * a regular file, so a link pointing out of the folder leads nowhere. Callers open the returned
 * real path, not the requested one, so a link swapped after the check changes nothing.
 */
public final class FolderFiles {
  private FolderFiles() {}

  /** The folder's real path, or empty when it is not a readable directory. */
  public static Optional<Path> root(Path folder) {
    try {
      Path real = folder.toRealPath();
      return Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(real)
          : Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The real path of {@code file} inside {@code root} (a real path), if it is a regular file. */
  public static Optional<Path> resolve(Path root, RelativePath file) {
    Path candidate = root;
    for (String segment : file.segments()) {
      candidate = candidate.resolve(segment);
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root) || real.equals(root)) {
        return Optional.empty();
      }
      return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(real)
          : Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
