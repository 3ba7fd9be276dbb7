/*******************************************************************************
* Copyright (c) 2009-2011 Luaj.org. All rights reserved.
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
package dev.cortado.luaj.vm2;


/**
 * RuntimeException that is thrown and caught in response to a lua error. 
 * <p>
 * {@link LuaError} is used wherever a lua call to {@code error()} 
 * would be used within a script.
 * <p>
 * Since it is an unchecked exception inheriting from {@link RuntimeException},
 * Java method signatures do notdeclare this exception, althoug it can 
 * be thrown on almost any luaj Java operation.
 * This is analagous to the fact that any lua script can throw a lua error at any time.
 * <p> 
 * The LuaError may be constructed with a message object, in which case the message
 * is the string representation of that object.  getMessageObject will get the object
 * supplied at construct time, or a LuaString containing the message of an object 
 * was not supplied.
 */
public class LuaError extends RuntimeException {
	private static final long serialVersionUID = 1L;
	
	protected int level;
	
	protected String fileline;

	/** Cortado: the error has been given its position (or found to need none). */
	boolean located;

	/**
	 * Cortado: where the error was raised, as Redis's error handler reports it: the source of the
	 * innermost Lua function it passed through ("@user_script") and its current line; null and 0
	 * before it reached one.
	 */
	public String raisedInSource;
	public int raisedAtLine;
	
	protected String traceback;

	/** Cortado: the message as Lua 5.1 words it, when the VM has reworded LuaJ's (see Lua51Debug). */
	String text;

	/** Cortado: a Lua frame has looked at this error already; only the innermost one words it. */
	boolean seen;

	/**
	 * Cortado: a library function's bad argument, as Lua 5.1's luaL_argerror reports it: the
	 * argument's number (0 until known: then the Lua call that made it finds it by the culprit),
	 * the message in parentheses (or the expected type of luaL_typerror), and the called function's
	 * name, which Lua 5.1 takes from the calling instruction (Lua51Debug names it; "?" if none).
	 */
	int argIndex;
	String argExtra;
	String argExpected;
	LuaValue argCulprit;
	boolean argNoValue;
	String argFuncName;
	boolean argMethod;
	boolean argResolved;
	
	protected Throwable cause;

	private LuaValue object;
	
	/** Get the string message if it was supplied, or a string 
	 * representation of the message object if that was supplied.
	 */
	public String getMessage() {
		if (traceback != null)
			return traceback;
		String m = text != null? text: argExtra != null || argExpected != null? argText(): super.getMessage(); // Cortado
		if (m == null)
			return null;
		if (fileline != null)
			return fileline + ": " + m; // Cortado: Lua 5.1's "chunk:line: message"
		return m;
	}

	/** Get the LuaValue that was provided in the constructor, or 
	 * a LuaString containing the message if it was a string error argument.
	 * @return LuaValue which was used in the constructor, or a LuaString
	 * containing the message.
	 */
	public LuaValue getMessageObject() {
		if (object != null) return object;
		String m = getMessage();
		return m != null ? LuaValue.valueOf(m): null;
	}
	
	/** Construct LuaError when a program exception occurs. 
	 * <p> 
	 * All errors generated from lua code should throw LuaError(String) instead.
	 * @param cause the Throwable that caused the error, if known.  
	 */
	public LuaError(Throwable cause) {
		super( "vm error: "+cause );
		this.cause = cause;
		this.level = 1;
	}

	/**
	 * Construct a LuaError with a specific message.  
	 *  
	 * @param message message to supply
	 */
	public LuaError(String message) {
		super( message );
		this.level = 1;
	}		

	/**
	 * Construct a LuaError with a message, and level to draw line number information from.
	 * @param message message to supply
	 * @param level where to supply line info from in call stack
	 */
	public LuaError(String message, int level) {
		super( message );
		this.level = level;
	}	

	/**
	 * Construct a LuaError with a LuaValue as the message object,
	 * and level to draw line number information from.
	 * @param message_object message string or object to supply
	 */
	public LuaError(LuaValue message_object) {
		super( message_object.tojstring() );
		this.object = message_object;
		this.level = 1;
	}	


	/** Cortado: luaL_argerror's "bad argument #n to 'name' (message)" (or "calling 'name' on bad self"). */
	private String argText() {
		int n = argIndex <= 0? 1: argIndex;
		String extra = argExpected != null?
			argExpected + " expected, got " + (argNoValue? "no value": argCulprit != null? argCulprit.typename(): "nil"):
			argExtra;
		String name = argFuncName != null? argFuncName: "?";
		if (argMethod) {
			n--;
			if (n == 0)
				return "calling '" + name + "' on bad self (" + extra + ")";
		}
		return "bad argument #" + n + " to '" + name + "' (" + extra + ")";
	}

	/** Cortado: luaL_typerror for argument {@code narg} (0: found later, by the culprit {@code got}). */
	public static LuaError argType(int narg, String expected, LuaValue got) {
		LuaError e = new LuaError("bad argument #" + narg + " (" + expected + " expected)");
		e.argIndex = narg;
		e.argExpected = expected;
		e.argCulprit = got;
		return e;
	}

	/** Cortado: luaL_argerror for argument {@code narg} with a message of its own ("index out of range"). */
	public static LuaError arg(int narg, String message) {
		LuaError e = new LuaError("bad argument #" + narg + " (" + message + ")");
		e.argIndex = narg;
		e.argExtra = message;
		return e;
	}

	/** Cortado: luaL_checkany's "value expected", for the argument {@code got} (numbered later). */
	public static LuaError argValue(LuaValue got) {
		LuaError e = arg(0, "value expected");
		e.argCulprit = got;
		return e;
	}

	/** Cortado: luaL_typerror, when the function knows its arguments: "got no value" past their end. */
	public static LuaError argType(Varargs args, int narg, String expected) {
		LuaError e = argType(narg, expected, args.arg(narg));
		e.argNoValue = narg > args.narg();
		return e;
	}

	/** Cortado: the name a bad argument's function goes by until a Lua call names it. */
	public LuaError named(String fname) {
		if (!argResolved)
			argFuncName = fname;
		return this;
	}

	/** Cortado: whether this is a library function's bad argument still to be numbered and named. */
	public boolean isUnresolvedArgError() {
		return (argExtra != null || argExpected != null) && !argResolved;
	}

	/**
	 * Cortado: a Varargs accessor ({@code checkint(i)}...) knows the argument's number, and whether
	 * it is past the last argument; a check on a bare value does not.
	 */
	public LuaError atArg(int narg, Varargs args) {
		if ((argExtra != null || argExpected != null) && !argResolved && argIndex == 0) {
			argIndex = narg;
			argNoValue = narg > args.narg();
		}
		return this;
	}

	/**
	 * Cortado: numbers and names the bad argument of a function called with {@code args}, under
	 * {@code name} ({@code null}: "?"); {@code method} when called as {@code o:name()}.
	 */
	public void resolveArg(Varargs args, String name, boolean method) {
		if (!isUnresolvedArgError())
			return;
		argResolved = true;
		if (args != null) {
			int n = args.narg();
			if (argIndex == 0) {
				int found = 0;
				for (int j = 1; j <= n && found == 0; j++)
					if (args.arg(j) == argCulprit)
						found = j;
				if (found == 0)
					found = argCulprit == null || argCulprit.isnil()? n + 1: 1;
				argIndex = found;
			}
			if (argIndex > n && argExpected != null)
				argNoValue = true;
		}
		argFuncName = name;
		argMethod = method;
	}

	/** Cortado: a runtime error Lua 5.1 raises inside a library function, which has no position. */
	public static LuaError withoutPosition(String message) {
		LuaError e = new LuaError(message, 0);
		return e;
	}

	/** 
	 * Get the cause, if any.
	 */
	public Throwable getCause() {
		return cause;
	}


}
