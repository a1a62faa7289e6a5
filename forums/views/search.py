from django.shortcuts import render

from forums.forms.search import SearchForm
from forums.selectors.search import boards_for_search_filter, search_page


def search(request):
    """GET only, never logged: what people search for here is private."""
    form = SearchForm(request.GET or None, boards=boards_for_search_filter(viewer=request.user))
    page = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        query = data["q"]
        page = search_page(
            viewer=request.user,
            query=query,
            page_number=request.GET.get("page"),
            board=data["board"] or None,
            since=data["since"],
            until=data["until"],
        )
    other_params = request.GET.copy()
    other_params.pop("page", None)
    page_query = "&" + other_params.urlencode() if other_params else ""
    return render(request, "forums/search.html", {"form": form, "page": page, "query": query, "page_query": page_query})
