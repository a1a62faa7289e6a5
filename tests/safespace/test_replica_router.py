"""The read-replica router and its middleware, without a replica: which database each read and write
is sent to, and when a browser is kept on the primary."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from accounts.models import User
from forums.models import Post, ThreadReadState
from safespace import replica
from safespace.replica import PIN_COOKIE, ReadYourWritesMiddleware, ReplicaRouter


def _through_middleware(request, view):
    with override_settings(DATABASE_REPLICA_URL="postgres://replica.internal/safespace"):
        return ReadYourWritesMiddleware(view)(request)


def test_reads_go_to_the_primary_outside_web_requests():
    """Tasks and commands read what was just committed: never the replica."""
    assert ReplicaRouter().db_for_read(Post) == "default"


def test_a_visitors_page_reads_posts_from_the_replica_and_sessions_and_accounts_from_the_primary():
    seen = {}

    def view(request):
        seen["post"] = ReplicaRouter().db_for_read(Post)
        seen["session"] = ReplicaRouter().db_for_read(Session)
        seen["user"] = ReplicaRouter().db_for_read(User)
        return HttpResponse("ok")

    response = _through_middleware(RequestFactory().get("/"), view)
    assert seen == {"post": "replica", "session": "default", "user": "default"}
    assert PIN_COOKIE not in response.cookies  # reading alone pins nothing


def test_a_write_pins_the_rest_of_the_request_and_the_browser_to_the_primary():
    seen = {}

    def view(request):
        seen["before"] = ReplicaRouter().db_for_read(Post)
        assert ReplicaRouter().db_for_write(Post) == "default"
        seen["after"] = ReplicaRouter().db_for_read(Post)
        return HttpResponse("ok")

    response = _through_middleware(RequestFactory().get("/"), view)
    assert seen == {"before": "replica", "after": "default"}
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == 15

    # The next page from that browser reads from the primary, until the pin runs out.
    request = RequestFactory().get("/")
    request.COOKIES[PIN_COOKIE] = cookie.value
    _through_middleware(request, lambda request: seen.update(next=ReplicaRouter().db_for_read(Post)) or HttpResponse())
    assert seen["next"] == "default"


def test_recording_what_was_read_does_not_pin():
    def view(request):
        ReplicaRouter().db_for_write(ThreadReadState)
        return HttpResponse("ok")

    assert PIN_COOKIE not in _through_middleware(RequestFactory().get("/"), view).cookies


def test_every_form_sent_pins_even_if_it_wrote_nothing():
    response = _through_middleware(RequestFactory().post("/search/"), lambda request: HttpResponse("ok"))
    assert PIN_COOKIE in response.cookies


@pytest.mark.parametrize("value", ["not-signed", "1:forged"])
def test_a_forged_or_expired_pin_is_ignored(value, monkeypatch):
    seen = {}
    request = RequestFactory().get("/")
    request.COOKIES[PIN_COOKIE] = value
    _through_middleware(request, lambda request: seen.update(db=ReplicaRouter().db_for_read(Post)) or HttpResponse())
    assert seen["db"] == "replica"
    # An expired one, properly signed:
    an_hour_ago = time.time() - 3600
    monkeypatch.setattr(replica.time, "time", lambda: an_hour_ago)
    response = _through_middleware(RequestFactory().post("/"), lambda request: HttpResponse())
    monkeypatch.undo()
    request = RequestFactory().get("/")
    request.COOKIES[PIN_COOKIE] = response.cookies[PIN_COOKIE].value
    _through_middleware(request, lambda request: seen.update(db=ReplicaRouter().db_for_read(Post)) or HttpResponse())
    assert seen["db"] == "replica"


def test_reads_inside_a_transaction_stay_on_the_primary(transactional_db):
    from django.db import transaction

    seen = {}

    def view(request):
        with transaction.atomic():
            seen["db"] = ReplicaRouter().db_for_read(Post)
        return HttpResponse("ok")

    _through_middleware(RequestFactory().get("/"), view)
    assert seen["db"] == "default"


def test_without_a_replica_the_middleware_steps_aside():
    from django.core.exceptions import MiddlewareNotUsed

    with override_settings(DATABASE_REPLICA_URL=""), pytest.raises(MiddlewareNotUsed):
        ReadYourWritesMiddleware(lambda request: HttpResponse())


def test_migrations_only_run_on_the_primary():
    assert ReplicaRouter().allow_migrate("default", "forums") is True
    assert ReplicaRouter().allow_migrate("replica", "forums") is False
