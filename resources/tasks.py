"""Thin Celery adapters: take ids, re-fetch, call the work, and do nothing twice."""

from celery import shared_task

from resources import jobs


@shared_task(name="resources.flag_overdue_reviews", acks_late=True)
def flag_overdue_reviews() -> int:
    return jobs.email_admins_overdue_reviews()


@shared_task(name="resources.check_links", acks_late=True, time_limit=900, soft_time_limit=840)
def check_links() -> int:
    return jobs.check_resource_links()
