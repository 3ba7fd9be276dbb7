/*******************************************************************************
* Copyright (c) 2009 Luaj.org. All rights reserved.
*
* Permission is hereby granted, free of charge, to any person obtaining a copy
* of this software and associated documentation files (the "Software"), to deal
* in the Software without restriction, including without limitation the rights
* to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
* copies of the Software, and to permit persons to whom the Software is
* furnished to do so, subject to the following conditions:
*
* The above copyright notice and this permission notice shall be included in
* all copies or substantial portions of the Software.
* 
* THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
* IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
* FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
* AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
* LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
* OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
* THE SOFTWARE.
******************************************************************************/
package dev.cortado.luaj.vm2.lib;

import dev.cortado.luaj.vm2.Buffer;
import dev.cortado.luaj.vm2.LuaError;
import dev.cortado.luaj.vm2.LuaString;
import dev.cortado.luaj.vm2.LuaTable;
import dev.cortado.luaj.vm2.LuaValue;
import dev.cortado.luaj.vm2.Varargs;

/** 
 * Subclass of {@link LibFunction} which implements the lua standard {@code table} 
 * library. 
 * 
 * <p>
 * Typically, this library is included as part of a call to either 
 * {@link dev.cortado.luaj.vm2.lib.jse.JsePlatform#standardGlobals()} or {@link dev.cortado.luaj.vm2.lib.jme.JmePlatform#standardGlobals()}
 * <pre> {@code
 * Globals globals = JsePlatform.standardGlobals();
 * System.out.println( globals.get("table").get("length").call( LuaValue.tableOf() ) );
 * } </pre>
 * <p>
 * To instantiate and use it directly, 
 * link it into your globals table via {@link LuaValue#load(LuaValue)} using code such as:
 * <pre> {@code
 * Globals globals = new Globals();
 * globals.load(new JseBaseLib());
 * globals.load(new PackageLib());
 * globals.load(new TableLib());
 * System.out.println( globals.get("table").get("length").call( LuaValue.tableOf() ) );
 * } </pre>
 * <p>
 * This has been implemented to match as closely as possible the behavior in the corresponding library in C.
 * @see LibFunction
 * @see dev.cortado.luaj.vm2.lib.jse.JsePlatform
 * @see dev.cortado.luaj.vm2.lib.jme.JmePlatform
 * @see <a href="http://www.lua.org/manual/5.2/manual.html#6.5">Lua 5.2 Table Lib Reference</a>
 */
public class TableLib extends TwoArgFunction {

	/** Perform one-time initialization on the library by creating a table
	 * containing the library functions, adding that table to the supplied environment,
	 * adding the table to package.loaded, and returning table as the return value.
	 * @param modname the module name supplied if this is loaded via 'require'.
	 * @param env the environment to load into, typically a Globals instance.
	 */
	public LuaValue call(LuaValue modname, LuaValue env) {
		LuaTable table = new LuaTable();
		table.set("concat", new concat());
		table.set("insert", new insert());
		table.set("pack", new pack());
		table.set("remove", new remove());
		table.set("sort", new sort());
		table.set("unpack", new unpack());
		env.set("table", table);
		env.get("package").get("loaded").set("table", table);
		return NIL;
	}

	static class TableLibFunction extends LibFunction {
		public LuaValue call() {
			return argerror(1, "table expected, got no value");
		}
	}

	/** Cortado: luaL_checkint: a number (or numeric string), as C casts it to int. */
	static int checkInt(Varargs args, int i, String fname) {
		return (int) CNumberScan.toCLong(Lua51Args.checkNumber(args, i, fname));
	}

	/** Cortado: luaL_optint. */
	static int optInt(Varargs args, int i, String fname, int def) {
		return args.isnoneornil(i)? def: checkInt(args, i, fname);
	}

	/** Cortado: luaL_checktype(L, i, LUA_TTABLE). */
	static LuaTable checkTable(Varargs args, int i) {
		if (args.arg(i).istable())
			return (LuaTable) args.arg(i);
		throw LuaError.argType(args, i, "table");
	}

	// "concat" (table [, sep [, i [, j]]]) -> string
	/** Cortado: Lua 5.1's tconcat: its checks in its order, raw reads, and Redis's words for a bad value. */
	static class concat extends VarArgFunction {
		public Varargs invoke(Varargs args) {
			LuaString sep = args.isnoneornil(2)? EMPTYSTRING: Lua51Args.checkString(args, 2, "concat");
			LuaTable t = checkTable(args, 1);
			int i = optInt(args, 3, "concat", 1);
			int last = args.isnoneornil(4)? t.rawlen(): checkInt(args, 4, "concat");
			Buffer b = new Buffer();
			for (; i < last; i++) {
				addField(b, t, i);
				b.append(sep);
			}
			if (i == last)
				addField(b, t, i);
			return b.tostring();
		}

		private static void addField(Buffer b, LuaTable t, int i) {
			LuaValue v = t.rawget(i);
			if (v.type() != TSTRING && v.type() != TNUMBER)
				throw new LuaError("invalid value (" + v.typename() + ") at index " + i + " in table for 'concat'");
			b.append(v.checkstring());
		}
	}

	// "insert" (table, [pos,] value)
	/** Cortado: Lua 5.1's tinsert: moves t[pos..#t] up one, raw, growing to pos if past the end. */
	static class insert extends VarArgFunction {
		public Varargs invoke(Varargs args) {
			LuaTable t = checkTable(args, 1);
			int e = t.rawlen() + 1;
			int pos;
			switch (args.narg()) {
			case 2:
				pos = e;
				break;
			case 3:
				pos = checkInt(args, 2, "insert");
				if (pos > e)
					e = pos;
				for (int i = e; i > pos; i--)
					t.rawset(i, t.rawget(i - 1));
				break;
			default:
				throw new LuaError("wrong number of arguments to 'insert'");
			}
			t.rawset(pos, args.arg(args.narg()));
			return NONE;
		}
	}
	
	// "pack" (...) -> table
	static class pack extends VarArgFunction {
		public Varargs invoke(Varargs args) {
			LuaValue t = tableOf(args, 1);
			t.set("n", args.narg());
			return t;
		}
	}

	// "remove" (table [, pos]) -> removed-ele
	/** Cortado: Lua 5.1.5's tremove: nothing (no value) when pos is not within 1..#t. */
	static class remove extends VarArgFunction {
		public Varargs invoke(Varargs args) {
			LuaTable t = checkTable(args, 1);
			int e = t.rawlen();
			int pos = optInt(args, 2, "remove", e);
			if (!(1 <= pos && pos <= e))
				return NONE;
			LuaValue v = t.rawget(pos);
			for (; pos < e; pos++)
				t.rawset(pos, t.rawget(pos + 1));
			t.rawset(e, NIL);
			return v;
		}
	}

	// "sort" (table [, comp])
	/**
	 * Cortado: Lua 5.1's quicksort, comparing the same pairs in the same order (so that an order
	 * function that is not strict gives Lua's result, and a bad comparison Lua's error, which is
	 * raised in C and has no position).
	 */
	static class sort extends VarArgFunction {
		public Varargs invoke(Varargs args) {
			LuaTable t = checkTable(args, 1);
			int n = t.rawlen();
			LuaValue f = args.arg(2);
			if (!f.isnil() && !f.isfunction())
				throw LuaError.argType(args, 2, "function");
			auxsort(t, 1, n, f);
			return NONE;
		}

		private static boolean less(LuaValue a, LuaValue b, LuaValue f) {
			if (!f.isnil())
				return f.call(a, b).toboolean();
			int ta = a.type(), tb = b.type();
			if (ta == tb && ta == TNUMBER)
				return a.todouble() < b.todouble();
			if (ta == tb && ta == TSTRING)
				return a.strcmp(b.checkstring()) < 0;
			String message = dev.cortado.luaj.vm2.Lua51Debug.orderError(a, b, false);
			if (message != null)
				throw LuaError.withoutPosition(message);
			return a.metatag(LT).call(a, b).toboolean();
		}

		private static void swap(LuaTable t, int i, int j) {
			LuaValue x = t.rawget(i);
			t.rawset(i, t.rawget(j));
			t.rawset(j, x);
		}

		private static void auxsort(LuaTable t, int lo, int up, LuaValue f) {
			while (lo < up) {
				if (less(t.rawget(up), t.rawget(lo), f))
					swap(t, lo, up);
				if (up - lo == 1)
					return;
				int p = (lo + up) >>> 1;
				if (less(t.rawget(p), t.rawget(lo), f))
					swap(t, p, lo);
				else if (less(t.rawget(up), t.rawget(p), f))
					swap(t, p, up);
				if (up - lo == 2)
					return;
				LuaValue pivot = t.rawget(p);
				swap(t, p, up - 1);
				int i = lo, j = up - 1;
				for (;;) {
					LuaValue ai;
					while (less(ai = t.rawget(++i), pivot, f)) {
						if (i > up)
							throw new LuaError("invalid order function for sorting");
					}
					LuaValue aj;
					while (less(pivot, aj = t.rawget(--j), f)) {
						if (j < lo)
							throw new LuaError("invalid order function for sorting");
					}
					if (j < i)
						break;
					t.rawset(i, aj);
					t.rawset(j, ai);
				}
				swap(t, up - 1, i);
				if (i - lo < up - i) {
					j = lo; i = i - 1; lo = i + 2;
				} else {
					j = i + 1; i = up; up = j - 2;
				}
				auxsort(t, j, i, f);
			}
		}
	}

	
	// "unpack", // (list [,i [,j]]) -> result1, ...
	/** Cortado: Lua 5.1's luaB_unpack: raw reads, and "too many results" past Lua's C stack limit. */
	static class unpack extends VarArgFunction {
		public Varargs invoke(Varargs args) {
			LuaTable t = checkTable(args, 1);
			int i = optInt(args, 2, "unpack", 1);
			int e = args.isnoneornil(3)? t.rawlen(): checkInt(args, 3, "unpack");
			if (i > e)
				return NONE;
			long n = (long) e - i + 1;
			if (n <= 0 || n >= Integer.MAX_VALUE || n + args.narg() > 8000) // LUAI_MAXCSTACK
				throw new LuaError("too many results to unpack");
			LuaValue[] v = new LuaValue[(int) n];
			for (int j = 0; j < n; j++)
				v[j] = t.rawget(i + j);
			return varargsOf(v);
		}
	}
}
