"""The XML-RPC server at /xmlrpc.php: one view, one registry, methods from the apps above.

WordPress answers pingbacks and its authoring APIs (WordPress, MetaWeblog,
Blogger, Movable Type) at the same address, and clients expect both there.
Each app registers its own methods when it is ready (`register`), so pings
and api, sibling layers, never import each other, and this module imports
no app.

What every call shares is here: the request is read with a size limit
before it is parsed (`settings.XMLRPC_MAX_REQUEST_BYTES`; past it the answer
is HTTP 413 and nothing is read further), the body is parsed as it arrives
with defusedxml's expat parser, DTDs forbidden, so entity expansion bombs
and external entities are refused before they expand, and every problem is
a fault in the answer (HTTP 200, as XML-RPC has it). XML-RPC-level problems
use the interoperability codes: -32700 not well formed, -32601 no such
method, -32602 bad parameters. `system.listMethods` and `system.multicall`
are served for everyone.

`GET /xmlrpc.php?rsd` is the Really Simple Discovery document: the APIs
registered with `announce`, so that clients find where to post.
"""

import inspect
import logging
import xmlrpc.client
from dataclasses import dataclass

from defusedxml.xmlrpc import DefusedExpatParser
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from .site_url import absolute

logger = logging.getLogger(__name__)

GENERIC = 0
NOT_WELL_FORMED = -32700
NO_SUCH_METHOD = -32601
BAD_PARAMS = -32602
TOO_LARGE = 413
CHUNK_BYTES = 64 * 1024


class Fault(Exception):
    """A refusal the caller reads: `faultCode` and `faultString` in the answer."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


class RequestTooLarge(Exception):
    pass


@dataclass(frozen=True)
class Method:
    handler: object
    # What a call with parameters the handler cannot take is told.
    arity_fault: Fault | None = None
    # What the caller is told when the handler fails unexpectedly.
    failure: str = "The request could not be completed."


@dataclass(frozen=True)
class Api:
    """One line of the RSD document: an API and where it is served."""

    name: str
    preferred: bool = False
    link: object = None  # a callable giving the absolute URL; None: this server

    def url(self):
        return self.link() if self.link else server_url()


METHODS = {}
APIS = []


def register(name, handler, *, arity_fault=None, failure=None):
    """Serve `handler(request, *params)` as the method `name`."""
    METHODS[name] = Method(handler, arity_fault, failure or Method.failure)


def announce(name, *, preferred=False, link=None):
    """List an API in the RSD document, once whatever the number of calls."""
    if all(api.name != name for api in APIS):
        APIS.append(Api(name, preferred, link))


def method_names():
    return sorted(METHODS)


def server_url():
    """The absolute address of this server, as X-Pingback, <link> and RSD announce it."""
    return absolute(reverse("xmlrpc"))


def rsd_url():
    return f"{server_url()}?rsd"


def max_request_bytes():
    return settings.XMLRPC_MAX_REQUEST_BYTES


def loads(data):
    """(params, method name) of an XML-RPC message; raises xmlrpc.client.Fault for a fault.

    Like xmlrpc.client.loads, but on a parser that refuses DTDs and entities.
    """
    return _parse([data])


def _parse(chunks):
    unmarshaller = xmlrpc.client.Unmarshaller(use_builtin_types=True)
    parser = DefusedExpatParser(unmarshaller, forbid_dtd=True)
    for chunk in chunks:
        parser.feed(chunk)
    parser.close()
    return unmarshaller.close(), unmarshaller.getmethodname()


def _chunks(request, limit):
    """The request body, a chunk at a time, never past `limit` bytes in all."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise RequestTooLarge
    received = 0
    while chunk := request.read(CHUNK_BYTES):
        received += len(chunk)
        if received > limit:
            raise RequestTooLarge
        yield chunk


def answer(result=None, *, fault=None, status=200):
    if fault is not None:
        payload = xmlrpc.client.dumps(
            xmlrpc.client.Fault(fault.code, fault.message), methodresponse=True, allow_none=True
        )
    else:
        payload = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=True)
    return HttpResponse(
        payload.encode("utf-8"), content_type="text/xml; charset=utf-8", status=status
    )


@csrf_exempt
def serve(request):
    if request.method == "GET" and "rsd" in request.GET:
        return rsd(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "XML-RPC server accepts POST requests only.")
    limit = max_request_bytes()
    try:
        params, name = _parse(_chunks(request, limit))
    except RequestTooLarge:
        message = f"The request is larger than {filesizeformat(limit)}, the most this server takes."
        return answer(fault=Fault(TOO_LARGE, message), status=413)
    except Exception:  # expat errors, defusedxml's refusals, broken XML-RPC structure
        return answer(fault=Fault(NOT_WELL_FORMED, "parse error. not well formed"))
    try:
        return answer(call(request, name, params))
    except Fault as fault:
        return answer(fault=fault)


def call(request, name, params):
    """The result of one method call; raises Fault."""
    method = METHODS.get(name)
    if method is None:
        raise Fault(NO_SUCH_METHOD, f"server error. requested method {name} does not exist.")
    try:
        inspect.signature(method.handler).bind(request, *params)
    except TypeError as exc:
        raise method.arity_fault or Fault(
            BAD_PARAMS, "server error. invalid method parameters"
        ) from exc
    try:
        return method.handler(request, *params)
    except Fault:
        raise
    except Exception as exc:
        # The caller is another program: it gets a fault it can read, we get the traceback.
        logger.exception("xmlrpc: %s failed", name)
        raise Fault(GENERIC, method.failure) from exc


def list_methods(request):
    return method_names()


def multicall(request, calls):
    """system.multicall: each call answered in turn, a fault as a struct in its place."""
    if not isinstance(calls, list):
        raise Fault(BAD_PARAMS, "server error. invalid method parameters")
    results = []
    for entry in calls:
        try:
            if not isinstance(entry, dict) or not isinstance(entry.get("params", []), list):
                raise Fault(BAD_PARAMS, "server error. invalid method parameters")
            name = entry.get("methodName")
            if name == "system.multicall":
                raise Fault(-32600, "Recursive calls to system.multicall are forbidden.")
            results.append([call(request, name, entry.get("params", []))])
        except Fault as fault:
            results.append({"faultCode": fault.code, "faultString": fault.message})
    return results


def rsd(request):
    body = render_to_string(
        "core/rsd.xml",
        {
            "home": absolute("/"),
            "apis": [(api.name, api.preferred, api.url()) for api in APIS],
        },
    )
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


register("system.listMethods", list_methods)
register("system.multicall", multicall)
