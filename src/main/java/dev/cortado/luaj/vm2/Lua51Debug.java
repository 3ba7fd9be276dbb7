package dev.cortado.luaj.vm2;

/**
 * Cortado: Lua 5.1's runtime error messages, as Redis's Lua reports them. When an instruction of
 * a Lua function fails, Lua 5.1 names the value it failed on ("attempt to index local 'a' (a nil
 * value)", "attempt to call field 'x' (a nil value)", "bad argument #1 to 'floor' (...)") by
 * finding, in the function's bytecode and debug information, where that register was last set:
 * a local variable, a global, a field with a constant name, an upvalue or a method. This does the
 * same over LuaJ's bytecode (Lua 5.2's instruction set, which reaches globals through the _ENV
 * upvalue) and gives Lua 5.1's answers; and it words the errors of the arithmetic, concatenation,
 * length, comparison, index and call instructions as Lua 5.1 does.
 */
public final class Lua51Debug {
	private Lua51Debug() {}

	private static final int MAXTAGLOOP = 100;

	/**
	 * Rewords {@code le}, raised while {@code cl} ran instruction {@code pc}, as Lua 5.1 would have
	 * raised it there. Only the innermost Lua function an error passes through does this.
	 */
	static void explain(LuaError le, LuaClosure cl, LuaValue[] stack, int pc, int top, Varargs v) {
		if (le.seen)
			return;
		le.seen = true;
		Prototype p = cl.p;
		if (pc < 0 || pc >= p.code.length)
			return;
		int i = p.code[pc];
		int op = Lua.GET_OPCODE(i);
		int a = Lua.GETARG_A(i);
		int b = Lua.GETARG_B(i);
		int c = Lua.GETARG_C(i);
		LuaValue[] k = p.k;
		try {
			switch (op) {
			case Lua.OP_CALL:
			case Lua.OP_TAILCALL: {
				LuaValue f = stack[a];
				if (!callable(f)) {
					typeError(le, "call", p, pc, a, f);
					return;
				}
				if (le.isUnresolvedArgError()) {
					Varargs args = b > 0? LuaValue.varargsOf(stack, a + 1, b - 1):
						LuaValue.varargsOf(stack, a + 1, top - v.narg() - (a + 1), v);
					String[] name = objName(p, pc, a, 0);
					le.resolveArg(args, name != null? name[1]: null, name != null && "method".equals(name[0]));
				}
				return;
			}
			case Lua.OP_TFORCALL: {
				LuaValue f = stack[a];
				if (!callable(f)) {
					// Lua 5.1 calls a copy of the generator, in the register after the loop's three
					typeError(le, "call", p, pc, a + 3, f);
					return;
				}
				if (le.isUnresolvedArgError()) {
					String[] name = objName(p, pc, a, 0);
					le.resolveArg(LuaValue.varargsOf(stack[a + 1], stack[a + 2]), name != null? name[1]: null,
						name != null && "method".equals(name[0]));
				}
				return;
			}
			default:
				break;
			}
			if (le.isUnresolvedArgError()) {
				// a library function called by a metamethod: Lua 5.1 knows no name for it
				le.resolveArg(null, null, false);
				return;
			}
			switch (op) {
			case Lua.OP_GETTABLE:
			case Lua.OP_SELF:
				index(le, p, pc, b, stack[b], rk(c, stack, k), false);
				return;
			case Lua.OP_GETTABUP:
				index(le, p, pc, -1 - b, cl.upValues[b].getValue(), rk(c, stack, k), false);
				return;
			case Lua.OP_SETTABLE:
				index(le, p, pc, a, stack[a], rk(b, stack, k), true);
				return;
			case Lua.OP_SETTABUP:
				index(le, p, pc, -1 - a, cl.upValues[a].getValue(), rk(b, stack, k), true);
				return;
			case Lua.OP_ADD: case Lua.OP_SUB: case Lua.OP_MUL:
			case Lua.OP_DIV: case Lua.OP_MOD: case Lua.OP_POW: {
				LuaValue x = rk(b, stack, k), y = rk(c, stack, k);
				if (tonum(x) && tonum(y))
					return;
				LuaValue event = arithEvent(op);
				if (!x.metatag(event).isnil() || !y.metatag(event).isnil())
					return;
				if (!tonum(x))
					typeError(le, "perform arithmetic on", p, pc, Lua.ISK(b)? Integer.MIN_VALUE: b, x);
				else
					typeError(le, "perform arithmetic on", p, pc, Lua.ISK(c)? Integer.MIN_VALUE: c, y);
				return;
			}
			case Lua.OP_UNM: {
				LuaValue x = stack[b];
				if (!tonum(x) && x.metatag(LuaValue.UNM).isnil())
					typeError(le, "perform arithmetic on", p, pc, b, x);
				return;
			}
			case Lua.OP_LEN: {
				LuaValue x = stack[b];
				if (!x.istable() && x.type() != LuaValue.TSTRING && x.metatag(LuaValue.LEN).isnil())
					typeError(le, "get length of", p, pc, b, x);
				return;
			}
			case Lua.OP_CONCAT:
				concat(le, p, pc, stack, b, c);
				return;
			case Lua.OP_LT:
			case Lua.OP_LE: {
				LuaValue x = rk(b, stack, k), y = rk(c, stack, k);
				String message = orderError(x, y, op == Lua.OP_LE);
				if (message != null)
					le.text = message;
				return;
			}
			default:
				return;
			}
		} catch (RuntimeException ignored) {
			// the error keeps LuaJ's words
		}
	}

	/** Lua 5.1's luaG_ordererror, or null when the comparison would have gone to a metamethod. */
	public static String orderError(LuaValue x, LuaValue y, boolean le) {
		int tx = x.type(), ty = y.type();
		if (tx == ty) {
			if (tx == LuaValue.TNUMBER || tx == LuaValue.TSTRING)
				return null;
			if (sameHandler(x, y, le? LuaValue.LE: LuaValue.LT) || (le && sameHandler(y, x, LuaValue.LT)))
				return null;
		}
		String t1 = x.typename(), t2 = y.typename();
		if (t1.charAt(2) == t2.charAt(2))
			return "attempt to compare two " + t1 + " values";
		return "attempt to compare " + t1 + " with " + t2;
	}

	private static boolean sameHandler(LuaValue x, LuaValue y, LuaValue event) {
		LuaValue h1 = x.metatag(event);
		if (h1.isnil())
			return false;
		return h1.raweq(y.metatag(event));
	}

	private static boolean callable(LuaValue f) {
		return f.isfunction() || f.metatag(LuaValue.CALL).isfunction();
	}

	private static LuaValue rk(int x, LuaValue[] stack, LuaValue[] k) {
		return Lua.ISK(x)? k[Lua.INDEXK(x)]: stack[x];
	}

	/** Lua 5.1's luaV_tonumber: a number, or a string that reads as one. */
	private static boolean tonum(LuaValue x) {
		return x.type() == LuaValue.TNUMBER || (x.type() == LuaValue.TSTRING && x.isnumber());
	}

	private static LuaValue arithEvent(int op) {
		switch (op) {
		case Lua.OP_ADD: return LuaValue.ADD;
		case Lua.OP_SUB: return LuaValue.SUB;
		case Lua.OP_MUL: return LuaValue.MUL;
		case Lua.OP_DIV: return LuaValue.DIV;
		case Lua.OP_MOD: return LuaValue.MOD;
		default: return LuaValue.POW;
		}
	}

	/**
	 * An index instruction failed on {@code t} (in register {@code reg}; upvalue {@code -1-reg} if
	 * negative): Lua 5.1's luaV_gettable / luaV_settable, following __index / __newindex values
	 * that are not functions, fail on the first value that is neither a table nor has one.
	 */
	private static void index(LuaError le, Prototype p, int pc, int reg, LuaValue t, LuaValue key, boolean set) {
		LuaValue event = set? LuaValue.NEWINDEX: LuaValue.INDEX;
		LuaValue o = t;
		for (int loop = 0; loop < MAXTAGLOOP; loop++) {
			LuaValue tm;
			if (o.istable()) {
				if (!o.rawget(key).isnil())
					return;
				tm = o.metatag(event);
				if (tm.isnil()) {
					if (set) {
						if (key.isnil()) {
							le.text = "table index is nil";
							le.level = 1;
						} else if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
							le.text = "table index is NaN";
							le.level = 1;
						}
					}
					return;
				}
			} else {
				tm = o.metatag(event);
				if (tm.isnil()) {
					if (o == t)
						typeError(le, "index", p, pc, reg, o);
					else
						typeError(le, "index", p, pc, Integer.MIN_VALUE, o);
					return;
				}
			}
			if (tm.isfunction())
				return;
			o = tm;
		}
	}

	/**
	 * Lua 5.1's luaV_concat: from the right, pairs of values, runs of strings and numbers joined
	 * into one; the first pair with a value that is neither fails (luaG_concaterror), on its first
	 * value unless that one is a string or number.
	 */
	private static void concat(LuaError le, Prototype p, int pc, LuaValue[] stack, int b, int c) {
		int last = c;
		int total = c - b + 1;
		boolean[] joined = new boolean[c + 1]; // a register holding an intermediate string
		while (total > 1) {
			LuaValue x = joined[last - 1]? LuaValue.EMPTYSTRING: stack[last - 1];
			LuaValue y = joined[last]? LuaValue.EMPTYSTRING: stack[last];
			if (!strnum(x) || !strnum(y)) {
				if (!x.metatag(LuaValue.CONCAT).isnil() || !y.metatag(LuaValue.CONCAT).isnil())
					return;
				int bad = strnum(x)? last: last - 1;
				typeError(le, "concatenate", p, pc, bad, strnum(x)? y: x);
				return;
			}
			int n = 1;
			while (n < total && strnum(joined[last - n]? LuaValue.EMPTYSTRING: stack[last - n]))
				n++;
			joined[last - n + 1] = true;
			total -= n - 1;
			last -= n - 1;
		}
	}

	private static boolean strnum(LuaValue x) {
		return x.type() == LuaValue.TSTRING || x.type() == LuaValue.TNUMBER;
	}

	/**
	 * luaG_typeerror: "attempt to {op} {kind} '{name}' (a {type} value)" when the value is in a
	 * register Lua 5.1 can name ({@code reg} negative: upvalue {@code -1-reg};
	 * {@code Integer.MIN_VALUE}: not in a register), else "attempt to {op} a {type} value".
	 */
	private static void typeError(LuaError le, String op, Prototype p, int pc, int reg, LuaValue o) {
		String[] name = null;
		if (reg == Integer.MIN_VALUE)
			name = null;
		else if (reg < 0)
			name = new String[] { "upvalue", upvalueName(p, -1 - reg) };
		else
			name = objName(p, pc, reg, 0);
		String t = o.typename();
		le.text = name != null?
			"attempt to " + op + " " + name[0] + " '" + name[1] + "' (a " + t + " value)":
			"attempt to " + op + " a " + t + " value";
	}

	private static String upvalueName(Prototype p, int u) {
		if (p.upvalues == null || u >= p.upvalues.length || p.upvalues[u] == null || p.upvalues[u].name == null)
			return "?";
		return p.upvalues[u].name.tojstring();
	}

	/** Lua 5.1's kname: a constant string key's text, else "?". */
	private static String kname(Prototype p, int c) {
		if (Lua.ISK(c)) {
			LuaValue key = p.k[Lua.INDEXK(c)];
			if (key.type() == LuaValue.TSTRING)
				return key.tojstring();
		}
		return "?";
	}

	/**
	 * Lua 5.1's getobjname: what register {@code reg} holds at instruction {@code pc}, as
	 * {kind, name} ("local", "global", "field", "upvalue", "method"), or null.
	 */
	public static String[] objName(Prototype p, int pc, int reg, int depth) {
		if (depth > 50)
			return null;
		LuaString local = p.locvars != null? p.getlocalname(reg + 1, pc): null;
		if (local != null)
			return new String[] { "local", local.tojstring() };
		int i = symbexec(p, pc, reg);
		switch (Lua.GET_OPCODE(i)) {
		case Lua.OP_GETTABUP: {
			int b = Lua.GETARG_B(i);
			String kind = "_ENV".equals(upvalueName(p, b))? "global": "field";
			return new String[] { kind, kname(p, Lua.GETARG_C(i)) };
		}
		case Lua.OP_MOVE: {
			int a = Lua.GETARG_A(i);
			int b = Lua.GETARG_B(i);
			if (b < a)
				return objName(p, pc, b, depth + 1);
			return null;
		}
		case Lua.OP_GETTABLE:
			return new String[] { "field", kname(p, Lua.GETARG_C(i)) };
		case Lua.OP_GETUPVAL:
			return new String[] { "upvalue", upvalueName(p, Lua.GETARG_B(i)) };
		case Lua.OP_SELF:
			return new String[] { "method", kname(p, Lua.GETARG_C(i)) };
		default:
			return null;
		}
	}

	/**
	 * Lua 5.1's symbexec, tracing one register: the last instruction before {@code lastpc} that
	 * set {@code reg}, following forward jumps that do not pass {@code lastpc}; the function's
	 * final return (which names nothing) if none did.
	 */
	private static int symbexec(Prototype p, int lastpc, int reg) {
		int[] code = p.code;
		int last = code.length - 1;
		for (int pc = 0; pc < lastpc && pc < code.length; pc++) {
			int i = code[pc];
			int op = Lua.GET_OPCODE(i);
			int a = Lua.GETARG_A(i);
			if (op < Lua.luaP_opmodes.length && Lua.testAMode(op) && a == reg)
				last = pc;
			switch (op) {
			case Lua.OP_LOADNIL: {
				int b = Lua.GETARG_B(i);
				if (a <= reg && reg <= a + b)
					last = pc;
				break;
			}
			case Lua.OP_SELF:
				if (reg == a + 1)
					last = pc;
				break;
			case Lua.OP_TFORCALL:
				if (reg >= a + 2)
					last = pc;
				break;
			case Lua.OP_JMP:
			case Lua.OP_FORLOOP:
			case Lua.OP_FORPREP: {
				int sbx = Lua.GETARG_sBx(i);
				int dest = pc + 1 + sbx;
				if (pc < dest && dest <= lastpc)
					pc += sbx;
				break;
			}
			case Lua.OP_CALL:
			case Lua.OP_TAILCALL:
				if (reg >= a)
					last = pc;
				break;
			case Lua.OP_SETLIST:
				if (Lua.GETARG_C(i) == 0)
					pc++;
				break;
			case Lua.OP_LOADKX:
				pc++;
				break;
			default:
				break;
			}
		}
		return code[last];
	}
}
