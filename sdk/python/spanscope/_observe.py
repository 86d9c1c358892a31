"""`@observe`: a span around every call of a function, coroutine, generator or async generator."""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional

from ._config import settings
from ._jsonsafe import _int_repr, dumps, flat_object, quote, scalar
from ._site import Site, abspath
from . import _writer
from ._clock import time_ns
from ._span import Span, _cv_get, _cv_reset, _cv_set, _enqueue, _q, _q_append, start_child
from ._streams import TracedAsyncGenerator, TracedGenerator

_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08
_CO_GENERATOR = 0x20
_CO_COROUTINE = 0x80
_CO_ASYNC_GENERATOR = 0x200


def _arg_binder(fn: Callable) -> Callable[[tuple, dict], dict]:
    """Maps (args, kwargs) to {parameter name: value} from the code object, without inspect."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return lambda args, kwargs: ({"args": list(args), **kwargs} if args else dict(kwargs))
    npos = code.co_argcount
    names = code.co_varnames[:npos]
    star = code.co_varnames[npos + code.co_kwonlyargcount] if code.co_flags & _CO_VARARGS else "args"
    skip_first = bool(names) and names[0] in ("self", "cls")

    first = names[0] if npos else None
    second = names[1] if npos > 1 else None

    def bind(args: tuple, kwargs: dict) -> dict:
        n = len(args)
        # dict(zip(...)) costs two type calls; most calls pass one or two positionals
        if n == 1 and first is not None:
            d = {first: args[0]}
        elif n == 2 and second is not None:
            d = {first: args[0], second: args[1]}
        else:
            d = dict(zip(names, args))
        if n > npos:
            d[star] = list(args[npos:])
        if kwargs:
            d.update(kwargs)
        if skip_first:
            d.pop(names[0], None)
        return d

    return bind


def _arg_encoder(fn: Callable) -> Callable[[tuple, dict], Optional[str]]:
    """(args, kwargs) -> the inputs JSON when every value is an immutable scalar, else None.

    The common call (a few strings and numbers) then costs no dict and no encoder set-up.
    Anything else (containers, objects, *args, a parameter passed twice, `self`) returns
    None, and the caller binds and encodes the general way: same text either way.
    """
    code = getattr(fn, "__code__", None)
    if code is None:
        return lambda args, kwargs: None
    npos = code.co_argcount
    names = code.co_varnames[:npos]
    keys = tuple(quote(n) + ":" for n in names)
    index = {n: i for i, n in enumerate(names)}
    first = 1 if names and names[0] in ("self", "cls") else 0

    def encode(args: tuple, kwargs: dict) -> Optional[str]:
        n = len(args)
        if n > npos or n < first:
            return None
        parts = []
        for i in range(first, n):
            v = args[i]
            t = type(v)
            if t is str:
                parts.append(keys[i] + quote(v))
            elif t is int:
                parts.append(keys[i] + _int_repr(v))
            else:
                j = scalar(v)
                if j is None:
                    return None
                parts.append(keys[i] + j)
        if kwargs:
            for k, v in kwargs.items():
                i = index.get(k)
                if i is not None and (i < n or i < first):  # bound twice (a TypeError), or `self`
                    return None
                t = type(v)
                if t is str:
                    j = quote(v)
                elif t is int:
                    j = _int_repr(v)
                else:
                    j = scalar(v)  # type: ignore[assignment]
                    if j is None:
                        return None
                parts.append(quote(k) + ":" + j)
        return "{" + ",".join(parts) + "}"

    return encode


def _output(value: Any) -> str:
    """The outputs JSON, encoded at return so a later change to the value is not recorded."""
    if type(value) is dict:
        j = flat_object(value)
        return j if j is not None else dumps(value)
    j = scalar(value)
    return '{"output":' + j + "}" if j is not None else dumps({"output": value})


def observe(
    fn: Optional[Callable] = None,
    *,
    name: Optional[str] = None,
    span_type: str = "chain",
    capture_input: bool = True,
    capture_output: bool = True,
) -> Any:
    """Trace each call: `@observe`, or `@observe(name=..., span_type="tool", capture_input=False)`.

    Generators and async generators are traced until exhausted or closed; their output is
    the list of yielded items (strings are joined into one).

    Captured values are what they were at the call and at the return: the arguments are
    encoded to JSON before the function runs and the result as soon as it returns, on the
    calling thread (simple values by a fast path, the rest by the general encoder). Nothing
    is kept by reference for later, so neither the function nor the caller can change what
    is written by mutating an argument or the result afterwards.
    """
    if fn is None:
        return lambda f: observe(f, name=name, span_type=span_type, capture_input=capture_input, capture_output=capture_output)

    code = getattr(fn, "__code__", None)
    qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    site = Site(
        name or getattr(fn, "__name__", qualname),
        span_type,
        abspath(code.co_filename) if code is not None else None,
        code.co_firstlineno if code is not None else None,
        qualname,
    )
    bind = _arg_binder(fn) if capture_input else None
    encode_args = _arg_encoder(fn) if capture_input else None
    flags = code.co_flags if code is not None else 0

    def begin(args: tuple, kwargs: dict) -> Optional[Span]:
        if not settings.enabled:
            return None
        cur = _cv_get()
        sp = start_child(site, cur) if cur is not None and cur.sampled and not cur.remote else Span(site).start()
        if encode_args is not None and sp.sampled:
            j = encode_args(args, kwargs)
            sp.x = {"inputs": j if j is not None else dumps(bind(args, kwargs))}  # type: ignore[misc]
        return sp

    if flags & _CO_ASYNC_GENERATOR:

        @functools.wraps(fn)
        def agen_wrapper(*args: Any, **kwargs: Any) -> Any:
            sp = begin(args, kwargs)
            if sp is None:
                return fn(*args, **kwargs)
            token = _cv_set(sp)
            try:
                agen = fn(*args, **kwargs)
            except BaseException as e:
                sp.end(e)
                raise
            finally:
                _cv_reset(token)
            return TracedAsyncGenerator(agen, sp, capture_output)

        return agen_wrapper

    if flags & _CO_GENERATOR:

        @functools.wraps(fn)
        def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
            sp = begin(args, kwargs)
            if sp is None:
                return fn(*args, **kwargs)
            return TracedGenerator(fn(*args, **kwargs), sp, capture_output)

        return gen_wrapper

    if flags & _CO_COROUTINE:

        @functools.wraps(fn)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            sp = begin(args, kwargs)
            if sp is None:
                return await fn(*args, **kwargs)
            token = _cv_set(sp)
            try:
                result = await fn(*args, **kwargs)
            except BaseException as e:
                _reset(token)
                sp.end(e)
                raise
            _reset(token)
            if capture_output and sp.sampled:
                if sp.x is None:
                    sp.x = {"outputs": _output(result)}
                else:
                    sp.x["outputs"] = _output(result)
            sp.end()
            return result

        return async_wrapper

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not settings.enabled:
            return fn(*args, **kwargs)
        cur = _cv_get()
        if cur is None or cur.remote:
            sp = Span(site).start()
            if not sp.sampled:
                token = _cv_set(sp)
                try:
                    return fn(*args, **kwargs)
                finally:
                    _reset(token)
        elif not cur.sampled:
            return fn(*args, **kwargs)  # a sampled-out trace: the call costs one lookup more
        else:
            sp = start_child(site, cur)
        if encode_args is not None:
            # Encoded before the call: what the function does to its arguments is not recorded.
            j = encode_args(args, kwargs)
            sp.x = {"inputs": j if j is not None else dumps(bind(args, kwargs))}  # type: ignore[misc]
        token = _cv_set(sp)
        try:
            result = fn(*args, **kwargs)
        except BaseException as e:
            _reset(token)
            sp.end(e)
            raise
        try:
            _cv_reset(token)
        except ValueError:  # the function switched contexts under us; nothing to restore
            pass
        if capture_output:
            x = sp.x
            if x is None:
                sp.x = {"outputs": _output(result)}
            else:
                x["outputs"] = _output(result)
        # finish() inlined
        if not sp.end_ns:
            sp.end_ns = time_ns()
            if sp.status == "running":
                sp.status = "ok"
            _q_append(sp)
            n = len(_q)
            if not n & 1023 or n >= _writer._max_pending or not _writer._started:
                _enqueue(None)
        return result

    return wrapper

def _reset(token: Any) -> None:
    try:
        _cv_reset(token)
    except ValueError:  # the function switched contexts under us; nothing to restore
        pass
