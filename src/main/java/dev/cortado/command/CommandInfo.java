package dev.cortado.command;

import dev.cortado.protocol.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND INFO, COMMAND DOCS and COMMAND GETKEYS replies, generated from the command table in the
 * shapes Redis 7 sends, so redis-cli and client libraries parse them. Key specs are the command's
 * {@link KeySpec}s: declared where Redis's differ from one spec derived from (first, last, step).
 */
final class CommandInfo {
  private CommandInfo() {}

  /**
   * [name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands].
   * Flags, categories, tips and key specs are sets in RESP3, as are a plain command's (empty)
   * subcommands; a container's subcommands are an array.
   */
  static Reply info(CommandSpec s) {
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < CommandSpec.INFO_FLAGS.length; i++) {
      if (s.has(CommandSpec.INFO_FLAGS[i])) {
        flags.add(CommandSpec.INFO_FLAG_NAMES[i]);
      }
    }
    List<Reply> categories = new ArrayList<>();
    for (String category : s.aclCategoryNames()) {
      categories.add(Reply.simple("@" + category));
    }
    List<Reply> tips = new ArrayList<>();
    for (String tip : s.tips) {
      tips.add(Reply.bulk(tip));
    }
    Reply subcommands;
    if (s.isContainer()) {
      List<Reply> subs = new ArrayList<>();
      for (CommandSpec sub : s.subcommands.values()) {
        subs.add(info(sub));
      }
      subcommands = Reply.array(subs);
    } else {
      subcommands = Reply.set(List.of());
    }
    return Reply.array(List.of(
        Reply.bulk(s.name),
        Reply.integer(s.arity),
        simpleSet(flags),
        Reply.integer(s.firstKey),
        Reply.integer(s.lastKey),
        Reply.integer(s.keyStep),
        Reply.set(categories),
        Reply.set(tips),
        Reply.set(s.keySpecs().stream().map(KeySpec::info).toList()),
        subcommands));
  }

  /** Declared key-spec flags, else RO/access for reads and RW/update for writes. */
  static List<String> keySpecFlags(CommandSpec s) {
    if (s.keySpecFlags != null) {
      return s.keySpecFlags;
    }
    if (s.has(CommandSpec.WRITE)) {
      return List.of("RW", "update");
    }
    return s.has(CommandSpec.READONLY) ? List.of("RO", "access") : List.of("RW");
  }

  static Reply simpleSet(List<String> names) {
    List<Reply> items = new ArrayList<>(names.size());
    for (String name : names) {
      items.add(Reply.simple(name));
    }
    return Reply.set(items);
  }

  /** The COMMAND DOCS map: Redis's own (see {@link CommandDocs}), else one from the table. */
  static Reply docs(CommandSpec s, CommandTable table) {
    Reply docs = CommandDocs.of(s, table);
    return docs != null ? docs : generatedDocs(s);
  }

  /**
   * Docs from the table entry alone, for a command the docs file lacks: summary, since, group,
   * complexity, and the subcommands' docs for a container; no argument tree.
   */
  static Reply generatedDocs(CommandSpec s) {
    List<Reply> map = new ArrayList<>();
    map.add(Reply.bulk("summary"));
    map.add(Reply.bulk(s.summary));
    if (s.since != null) {
      map.add(Reply.bulk("since"));
      map.add(Reply.bulk(s.since));
    }
    map.add(Reply.bulk("group"));
    map.add(Reply.bulk(s.group));
    if (s.complexity != null) {
      map.add(Reply.bulk("complexity"));
      map.add(Reply.bulk(s.complexity));
    }
    if (s.isContainer()) {
      List<Reply> subs = new ArrayList<>();
      for (CommandSpec sub : s.subcommands.values()) {
        subs.add(Reply.bulk(sub.name));
        subs.add(generatedDocs(sub));
      }
      map.add(Reply.bulk("subcommands"));
      map.add(Reply.map(subs));
    }
    return Reply.map(map);
  }

  /** The command COMMAND GETKEYS asks about, its subcommand if it is a container's; or the error. */
  static CommandSpec target(Call c) {
    CommandSpec spec = c.dispatcher.table().get(Dispatcher.lowerAscii(c.arg(2)));
    if (spec != null && spec.isContainer() && c.argc() > 3) {
      spec = spec.subcommands.get(Dispatcher.lowerAscii(c.arg(3)));
    }
    if (spec == null) {
      throw Call.error(Errors.INVALID_COMMAND);
    }
    return spec;
  }

  /**
   * Positions (in the COMMAND GETKEYS call) of the keys of the command it names, in order, with
   * their key-spec flags in {@code flagsOut} when not null; or Redis's error.
   */
  static int[] keyPositions(Call c, List<List<String>> flagsOut) {
    CommandSpec spec = target(c);
    if (!spec.hasKeys()) {
      throw Call.error(Errors.COMMAND_HAS_NO_KEYS);
    }
    if (!spec.arityAccepts(c.argc() - 2)) {
      throw Call.error(Errors.GETKEYS_ARITY);
    }
    int[] keys = KeySpec.keysOf(spec.keySpecs(), spec.keysFallback, c.args, 2, flagsOut);
    if (keys.length == 0 && !spec.has(CommandSpec.NO_MANDATORY_KEYS)) {
      throw Call.error(Errors.GETKEYS_INVALID);
    }
    for (int i = 0; i < keys.length; i++) {
      keys[i] += 2;
    }
    return keys;
  }
}
