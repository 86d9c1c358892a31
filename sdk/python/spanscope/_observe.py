"""`@observe`: a span around every call of a function, coroutine, generator or async generator."""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional

from ._config import settings
from ._jsonsafe import dumps
from ._site import Site, abspath
from ._span import Span, _cv_get, _cv_reset, _cv_set, finish, start_child
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


def _output(value: Any) -> str:
    return dumps(value if type(value) is dict else {"output": value})


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
    flags = code.co_flags if code is not None else 0

    def begin(args: tuple, kwargs: dict) -> Optional[Span]:
        if not settings.enabled:
            return None
        cur = _cv_get()
        sp = start_child(site, cur) if cur is not None and cur.sampled and not cur.remote else Span(site).start()
        if bind is not None and sp.sampled:
            sp.x = {"inputs": dumps(bind(args, kwargs))}
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
        if bind is not None:
            sp.x = {"inputs": dumps(bind(args, kwargs))}
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
                sp.x = {"outputs": dumps(result if type(result) is dict else {"output": result})}
            else:
                x["outputs"] = dumps(result if type(result) is dict else {"output": result})
        finish(sp)
        return result

    return wrapper


def _reset(token: Any) -> None:
    try:
        _cv_reset(token)
    except ValueError:  # the function switched contexts under us; nothing to restore
        pass
