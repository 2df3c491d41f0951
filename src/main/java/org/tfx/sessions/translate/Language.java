package org.tfx.sessions.translate;

import java.util.List;

/** A language the service knows: its code, its name, and the codes it translates into. */
public record Language(String code, String name, List<String> targets) {
  public Language {
    targets = List.copyOf(targets);
  }
}
