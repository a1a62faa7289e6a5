from django import forms
from django.utils.translation import gettext_lazy as _

from forums.selectors.search import MAX_QUERY_LENGTH, has_words_to_find


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY_LENGTH, required=False)
    # Plain choices (slug, name) handed in by the view: no queryset is evaluated while the form
    # renders or validates (a ModelChoiceField iterates with a server-side cursor).
    board = forms.ChoiceField(label=_("Board"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [("", _("All boards")), *boards]

    def clean_q(self):
        query = self.cleaned_data["q"]
        if query.strip() and not has_words_to_find(query):
            raise forms.ValidationError(
                _("Add at least one word to look for. Words with a minus sign in front are left out of the results.")
            )
        return query

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned
