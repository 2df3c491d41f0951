package org.tfx.sessions.web;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file to send: its type (by extension), size, modification time (0 when unknown), a validator
 * for conditional requests, and how to open it.
 */
public record StaticFile(
    String extension, long length, long lastModified, String etag, Opener opener) {

  /** Opens the file's bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }
}
