"""Calling /xmlrpc.php through Django's test client, as a blogging client would."""

import xmlrpc.client

import pytest

from api.models import ApplicationPassword


def post_xml(client, body, **extra):
    return client.generic("POST", "/xmlrpc.php", body, content_type="text/xml", **extra)


def call(client, method, *params, **extra):
    """The method's result; raises xmlrpc.client.Fault for a fault. `extra`: WSGI environ."""
    body = xmlrpc.client.dumps(params, method, allow_none=True).encode()
    response = post_xml(client, body, **extra)
    assert response.status_code == 200, response.content
    (result,), _ = xmlrpc.client.loads(response.content, use_builtin_types=True)
    return result


def fault(client, method, *params, **extra):
    """(faultCode, faultString) of a call that must fail."""
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(client, method, *params, **extra)
    return caught.value.faultCode, caught.value.faultString


def fault_of(response):
    assert response.status_code == 200
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    return caught.value.faultCode, caught.value.faultString


def credentials(user, name="Client"):
    """(username, a new application password of the user)."""
    _, password = ApplicationPassword.objects.issue(user, name)
    return user.username, password
