"""Notifications, through a transactional outbox: outbox.py records and fans out what happened,
email.py writes and sends the emails (and the daily digest), choices.py holds what members choose
(read, email cadence, a break, unsubscribe), selectors.py the reads, tasks.py the Celery adapters,
views.py and forms.py the pages. The tables live in forums.models.notifications."""
