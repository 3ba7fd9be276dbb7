package dev.cortado.command;

import dev.cortado.protocol.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND INFO, COMMAND DOCS and COMMAND GETKEYS replies, generated from the command table in the
 * shapes Redis 7 sends, so redis-cli and client libraries parse them. Key specs are derived from the
 * legacy (first, last, step) triple: one "index" begin-search and one "range" find-keys spec.
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
        Reply.set(s.firstKey > 0 ? List.of(keySpec(s)) : List.of()),
        subcommands));
  }

  private static Reply keySpec(CommandSpec s) {
    // Redis's range spec counts the last key from the first; a negative one from the end.
    int lastKey = s.lastKey < 0 ? s.lastKey : s.lastKey - s.firstKey;
    return Reply.map(List.of(
        Reply.bulk("flags"), simpleSet(keySpecFlags(s)),
        Reply.bulk("begin_search"), Reply.map(List.of(
            Reply.bulk("type"), Reply.bulk("index"),
            Reply.bulk("spec"), Reply.map(List.of(Reply.bulk("index"), Reply.integer(s.firstKey))))),
        Reply.bulk("find_keys"), Reply.map(List.of(
            Reply.bulk("type"), Reply.bulk("range"),
            Reply.bulk("spec"), Reply.map(List.of(
                Reply.bulk("lastkey"), Reply.integer(lastKey),
                Reply.bulk("keystep"), Reply.integer(s.keyStep),
                Reply.bulk("limit"), Reply.integer(0)))))));
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

  /**
   * The COMMAND DOCS map: summary, since, group, complexity, and the subcommands' docs for a
   * container. Arguments are not declared in the table yet, so they are left out (redis-cli then
   * shows the summary without an argument hint).
   */
  static Reply docs(CommandSpec s) {
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
        subs.add(docs(sub));
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

  /** Positions (in the COMMAND GETKEYS call) of the keys of the command it names, in order. */
  static List<Integer> keyPositions(Call c) {
    CommandSpec spec = target(c);
    int argc = c.argc() - 2;
    int[] movable = ScriptCommands.keyIndexes(spec, c.args, 2);
    if (movable != null) {
      if (!spec.arityAccepts(argc)) {
        throw Call.error(Errors.GETKEYS_ARITY);
      }
      List<Integer> positions = new ArrayList<>(movable.length);
      for (int i : movable) {
        positions.add(i + 2);
      }
      return positions;
    }
    if (spec.firstKey <= 0) {
      throw Call.error(Errors.COMMAND_HAS_NO_KEYS);
    }
    if (!spec.arityAccepts(argc)) {
      throw Call.error(Errors.GETKEYS_ARITY);
    }
    int last = spec.lastKey < 0 ? argc + spec.lastKey : spec.lastKey;
    if (last >= argc || last < spec.firstKey) {
      throw Call.error(Errors.GETKEYS_INVALID);
    }
    List<Integer> positions = new ArrayList<>();
    for (int i = spec.firstKey; i <= last; i += Math.max(1, spec.keyStep)) {
      positions.add(i + 2);
    }
    return positions;
  }
}
