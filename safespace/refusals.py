"""The one way a service says no: `Refused` carries words for the member, shown by the view as they
are. Subclassed only where a view must tell refusals apart (the composer's PostingRefused)."""


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
