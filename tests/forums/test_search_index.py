"""Search that answers from its index: one document per post (the opening post's holds its title),
pages without counting every match, plain board choices, and the same visibility as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.models import Post
from forums.selectors import search as search_selectors
from forums.selectors.search import RESULTS_PER_PAGE, search_posts
from tests.factories import BoardFactory, ThreadFactory, UserFactory, create_thread, reply_to

ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's full-text search")


@pytest.fixture
def published(settings):
    settings.MODERATION_HOLD_FIRST_POST = False


@pytest.mark.django_db
def test_create_thread_writes_the_title_into_the_opening_posts_document(published):
    member = UserFactory()
    thread = create_thread(
        acting_user=member, board=BoardFactory(), title="Kingfisher mornings", body="Nothing else to say today."
    )
    opening = thread.posts.get()
    assert opening.search_title == "Kingfisher mornings"
    assert [post.pk for post in search_posts(viewer=member, query="kingfisher")] == [opening.pk]


@ON_POSTGRES
@pytest.mark.django_db
def test_search_is_one_match_on_the_post_document_without_the_thread_join_or():
    reply_to(ThreadFactory(), body="quiet harbour lights")
    with CaptureQueriesContext(connection) as captured:
        search_posts(viewer=UserFactory(), query="harbour")
    reads = [query["sql"] for query in captured.captured_queries if not query["sql"].startswith("EXPLAIN")]
    sql = " ".join(reads)
    assert sql.count("@@") == 1  # one predicate, on the post's own document
    assert "search_vector" not in sql.replace("forums_post.search_vector", "")
    # No counting query over the matches (a paginator's COUNT(*)): the ranked candidates, at most
    # SEARCH_CANDIDATES, are counted by a window over the rows the search reads anyway.
    assert not any(read.upper().startswith("SELECT COUNT(") for read in reads)
    assert sql.upper().count("COUNT(") == sql.upper().count("COUNT(*) OVER ()") == 1


@pytest.mark.django_db
def test_results_page_on_with_next_and_previous_without_counting(django_app):
    for index in range(RESULTS_PER_PAGE + 5):
        reply_to(ThreadFactory(), body=f"pinecone number {index}")
    first = django_app.get(reverse("forums:search"), {"q": "pinecone"})
    if connection.vendor == "postgresql":
        assert "25 results" in first.text  # fewer than the ranked candidates: the number is known
    else:
        assert "Results 1 to 20" in first.text  # one more than a page was fetched, nothing counted
    assert first.text.count('class="card"') >= RESULTS_PER_PAGE
    second = first.click(description="Next page")
    assert second.text.count("pinecone number") == 5
    assert "Next page" not in second.text
    back = second.click(description="Previous page")
    assert back.text.count("pinecone number") == RESULTS_PER_PAGE


@pytest.mark.django_db
def test_a_very_common_word_ranks_only_the_newest_candidates_and_says_so(anon_client, monkeypatch):
    monkeypatch.setattr(search_selectors, "SEARCH_CANDIDATES", 30)
    for index in range(35):
        reply_to(ThreadFactory(), body=f"everyday word {index}")
    html = anon_client.get(reverse("forums:search"), {"q": "everyday"}).content.decode()
    if connection.vendor == "postgresql":
        assert "Results 1 to 20" in html and "Add a word or choose a board" in html
        assert "Next page" in html
        last = anon_client.get(reverse("forums:search"), {"q": "everyday", "page": 2}).content.decode()
        assert last.count("everyday word") == 10 and "Next page" not in last
    else:
        assert "Results 1 to 20" in html and "Next page" in html


@pytest.mark.django_db
def test_board_filter_is_chosen_from_the_boards_the_page_offers(django_app, member):
    calm = BoardFactory(name="Calm corner", slug="calm-corner")
    hidden_board = BoardFactory(name="Members room", slug="members-room", members_only=True)
    reply_to(ThreadFactory(board=calm), body="otter in the calm corner")
    reply_to(ThreadFactory(), body="otter somewhere else")
    reply_to(ThreadFactory(board=hidden_board), body="otter for members")

    page = django_app.get(reverse("forums:search"))
    form = next(f for f in page.forms.values() if "board" in f.fields)
    offered = [value for value, _, _ in form["board"].options]
    assert "calm-corner" in offered and "members-room" not in offered  # visitors never see it
    form["q"] = "otter"
    form["board"].select("calm-corner")
    result = form.submit()
    assert "otter in the calm corner" in result.text
    assert "otter somewhere else" not in result.text and "otter for members" not in result.text

    page = django_app.get(reverse("forums:search"), user=member)
    form = next(f for f in page.forms.values() if "board" in f.fields)
    form["q"] = "otter"
    form["board"].select("members-room")
    assert "otter for members" in form.submit().text


@pytest.mark.django_db
def test_a_board_the_viewer_may_not_search_is_refused_kindly(anon_client):
    BoardFactory(slug="members-only-room", members_only=True)
    html = anon_client.get(reverse("forums:search"), {"q": "otter", "board": "members-only-room"}).content.decode()
    assert "Select a valid choice" in html
    assert 'value="otter"' in html  # the words typed stay in the box


@pytest.mark.django_db
def test_a_page_number_past_the_end_or_not_a_number_is_calm(anon_client):
    reply_to(ThreadFactory(), body="lonely acorn")
    for page in ("999", "abc", "-3"):
        response = anon_client.get(reverse("forums:search"), {"q": "acorn", "page": page})
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_search_query_count_is_constant_for_visitors_and_members(client, who):
    if who == "member":
        client.force_login(UserFactory())
    reply_to(ThreadFactory(), body="heron at dawn")
    client.get(reverse("forums:search"), {"q": "heron"})
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("forums:search"), {"q": "heron"})
    for index in range(30):
        reply_to(ThreadFactory(is_anonymous=index % 2 == 0), body="heron at dawn again")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("forums:search"), {"q": "heron"})
    assert len(one) == len(many) <= 6


@ON_POSTGRES
@pytest.mark.django_db
def test_an_erased_members_thread_title_leaves_the_search_document(published):
    from forums.services import erase_member_posts

    member = UserFactory()
    thread = create_thread(acting_user=member, board=BoardFactory(), title="Cormorant diaries", body="Just words.")
    erase_member_posts(member, remove=True)
    assert Post.objects.get(thread=thread, position=1).search_title == "Removed thread"
    assert search_posts(viewer=UserFactory(), query="cormorant") == []


@ON_POSTGRES
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["newest first", "recent dates from the index", "index alone"])
def test_every_way_of_finding_candidates_ranks_the_same_newest_matches(monkeypatch, path):
    """Whichever way the words' frequency sends a search, the candidates are the newest matches."""
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr(search_selectors, "SEARCH_CANDIDATES", 6)
    monkeypatch.setitem(search_selectors._DATE_QUANTILES, "read_at", -1e9)  # read fresh statistics
    now = timezone.now()
    matching = []
    for index in range(40):
        post = reply_to(ThreadFactory(), body=f"meadow walk {index}" if index % 2 else f"other words {index}")
        Post.objects.filter(pk=post.pk).update(created_at=now - timedelta(days=40 - index))
        if index % 2:
            matching.append(post.pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forums_post")
    estimate = {"newest first": (500, 1000), "recent dates from the index": (500, 100_000), "index alone": (3, 1000)}
    monkeypatch.setattr(search_selectors, "_estimate", lambda cursor, query: estimate[path])
    found = search_posts(viewer=UserFactory(), query="meadow")
    assert sorted(post.pk for post in found) == sorted(matching[-6:])
